import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeedChecker, feedFileName, releaseNotesUrlFrom } from '../../electron/core/updates/feed.ts';
import type { UpdateEvent } from '../../electron/core/updates/service.ts';
import { createLogger } from '../../electron/core/log.ts';
import { DEFAULT_UPDATE_FEED_URL, UpdateFeedUrl } from '../../shared/updates.ts';
import { latestYml, startUpdateFeed, type UpdateFeed } from '../helpers/update-feed.ts';

const log = createLogger(() => {});

async function checkOnce(feedUrl: string, currentVersion = '1.4.0', platform = 'win32', arch = 'x64') {
  const checker = createFeedChecker({ currentVersion, platform, arch, log });
  const events: UpdateEvent[] = [];
  checker.onEvent((event) => events.push(event));
  await checker.check({ feedUrl, download: false });
  return events;
}

describe('feed file names (as electron-updater asks for them)', () => {
  it.each([
    ['win32', 'x64', 'latest.yml'],
    ['win32', 'arm64', 'latest.yml'],
    ['darwin', 'x64', 'latest-mac.yml'],
    ['darwin', 'arm64', 'latest-mac.yml'],
    ['linux', 'x64', 'latest-linux.yml'],
    ['linux', 'arm64', 'latest-linux-arm64.yml'],
  ])('%s %s reads %s', (platform, arch, file) => {
    expect(feedFileName(platform, arch)).toBe(file);
  });
});

describe('feed check against a local feed', () => {
  let feed: UpdateFeed;
  beforeAll(async () => {
    feed = await startUpdateFeed();
  });
  afterAll(() => feed.close());
  beforeEach(() => {
    feed.files.clear();
    feed.requests.length = 0;
  });

  it('announces a newer version, with the release notes page when the feed names one', async () => {
    feed.files.set('latest.yml', {
      body: latestYml('1.5.0', { releaseNotes: 'https://teamsafeadmin.example/releases/1.5.0' }),
    });
    const events = await checkOnce(feed.url);
    expect(events).toEqual([
      { type: 'checking' },
      { type: 'available', version: '1.5.0', releaseNotesUrl: 'https://teamsafeadmin.example/releases/1.5.0' },
    ]);
    expect(feed.requests).toEqual(['/desktop/latest.yml']);
  });

  it.each(['1.4.0', '1.3.9', '0.9.0', '1.4.0-beta.1'])('reports %s against 1.4.0 as nothing new', async (version) => {
    feed.files.set('latest.yml', { body: latestYml(version) });
    expect(await checkOnce(feed.url)).toEqual([{ type: 'checking' }, { type: 'not-available' }]);
  });

  it('compares semantically, not as text (1.10.0 is newer than 1.9.3)', async () => {
    feed.files.set('latest.yml', { body: latestYml('1.10.0') });
    expect((await checkOnce(feed.url, '1.9.3')).at(-1)).toEqual({ type: 'available', version: '1.10.0' });
  });

  it('asks for the platform’s own file (Linux arm64, macOS)', async () => {
    feed.files.set('latest-linux-arm64.yml', { body: latestYml('2.0.0') });
    feed.files.set('latest-mac.yml', { body: latestYml('2.1.0') });
    expect((await checkOnce(feed.url, '1.4.0', 'linux', 'arm64')).at(-1)).toMatchObject({ version: '2.0.0' });
    expect((await checkOnce(feed.url, '1.4.0', 'darwin', 'arm64')).at(-1)).toMatchObject({ version: '2.1.0' });
    expect(feed.requests).toEqual(['/desktop/latest-linux-arm64.yml', '/desktop/latest-mac.yml']);
  });

  it.each([
    ['malformed YAML', 'version: [1.5.0\nfiles: {'],
    ['no version', 'files: []\npath: x.exe\n'],
    ['a version that is not semver', latestYml('five')],
    ['a list instead of a mapping', '- 1.5.0\n'],
    ['an empty file', ''],
  ])('turns %s into feed_invalid, without throwing', async (_name, body) => {
    feed.files.set('latest.yml', { body });
    expect(await checkOnce(feed.url)).toEqual([{ type: 'checking' }, { type: 'error', code: 'feed_invalid' }]);
  });

  it('turns a missing feed file into feed_not_found and a server error into feed_unreachable', async () => {
    expect((await checkOnce(feed.url)).at(-1)).toEqual({ type: 'error', code: 'feed_not_found' });
    feed.files.set('latest.yml', { status: 503, body: 'maintenance' });
    expect((await checkOnce(feed.url)).at(-1)).toEqual({ type: 'error', code: 'feed_unreachable' });
  });

  it('turns a closed port into feed_unreachable', async () => {
    const gone = await startUpdateFeed();
    await gone.close();
    expect((await checkOnce(gone.url)).at(-1)).toEqual({ type: 'error', code: 'feed_unreachable' });
  });

  it('refuses plain http off this machine before sending anything', async () => {
    const events = await checkOnce('http://updates.example.com/desktop');
    expect(events.at(-1)).toEqual({ type: 'error', code: 'insecure_feed' });
  });

  it('never installs: it only announces', () => {
    const checker = createFeedChecker({ currentVersion: '1.0.0', platform: 'linux', arch: 'x64', log });
    expect(() => checker.quitAndInstall()).toThrow(/only announces/);
  });
});

describe('feed addresses', () => {
  it('accepts https (and normalises the trailing slash), and http only on loopback', () => {
    expect(UpdateFeedUrl.parse('https://mirror.corp.example/tsa/desktop/')).toBe(
      'https://mirror.corp.example/tsa/desktop',
    );
    expect(UpdateFeedUrl.parse(DEFAULT_UPDATE_FEED_URL)).toBe(DEFAULT_UPDATE_FEED_URL);
    expect(UpdateFeedUrl.parse('http://127.0.0.1:8080/feed')).toBe('http://127.0.0.1:8080/feed');
    expect(UpdateFeedUrl.parse('http://localhost/feed')).toBe('http://localhost/feed');
  });

  it.each([
    ['http://updates.example.com/desktop', 'insecure_feed'],
    ['ftp://updates.example.com/desktop', 'feed_invalid'],
    ['https://user:secret@updates.example.com/desktop', 'feed_invalid'],
    ['https://updates.example.com/desktop?token=1', 'feed_invalid'],
    ['not a url', 'feed_invalid'],
  ])('refuses %s (%s)', (value, code) => {
    const parsed = UpdateFeedUrl.safeParse(value);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.message).toBe(code);
  });

  it('takes release notes only as an https link', () => {
    expect(releaseNotesUrlFrom('https://teamsafeadmin.example/releases/2.0.0')).toBe(
      'https://teamsafeadmin.example/releases/2.0.0',
    );
    expect(releaseNotesUrlFrom('http://teamsafeadmin.example/releases/2.0.0')).toBeUndefined();
    expect(releaseNotesUrlFrom('Fixes the member search.')).toBeUndefined();
    expect(releaseNotesUrlFrom([{ version: '2.0.0', note: 'x' }])).toBeUndefined();
    expect(releaseNotesUrlFrom('javascript:alert(1)')).toBeUndefined();
  });
});
