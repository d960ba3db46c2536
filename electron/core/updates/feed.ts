/**
 * A plain-Node update checker that reads the same feed electron-updater
 * reads (`latest.yml`, `latest-mac.yml`, `latest-linux.yml` next to the
 * installers) and compares versions. It announces and never downloads: the
 * preview host and the tests use it; the app installs through electron-updater.
 */
import { load } from 'js-yaml';
import { gt, valid } from 'semver';
import { z } from 'zod';
import { feedUrlErrorCode, UpdateFeedUrl, UpdateStatus } from '../../../shared/updates.ts';
import type { Logger } from '../log.ts';
import type { UpdateChecker, UpdateEvent } from './service.ts';

/** The feed file electron-updater's providers ask for on this platform and architecture. */
export function feedFileName(platform: string, arch: string): string {
  if (platform === 'darwin') return 'latest-mac.yml'; // one file lists the x64 and arm64 zips
  if (platform === 'linux') return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
  return 'latest.yml';
}

/** The part of electron-builder's update info we read; the rest (files, sha512) is electron-updater's business. */
const FeedInfo = z.looseObject({
  version: z.string().refine((version) => valid(version) !== null),
  releaseNotes: z.unknown().optional(),
});

/**
 * The release notes page, when the release pipeline puts its https address
 * in `releaseInfo.releaseNotes` (documented in docs/managed-deployment.md).
 * Anything else (prose, a list per version, http) is not a link.
 */
export function releaseNotesUrlFrom(releaseNotes: unknown): string | undefined {
  if (typeof releaseNotes !== 'string') return undefined;
  const parsed = UpdateStatus.shape.releaseNotesUrl.safeParse(releaseNotes.trim());
  return parsed.success ? parsed.data : undefined;
}

const MAX_FEED_BYTES = 1024 * 1024;
const FEED_TIMEOUT_MS = 30_000;

export interface FeedCheckerOptions {
  currentVersion: string;
  platform: string;
  arch: string;
  log: Logger;
  fetch?: typeof fetch;
}

export function createFeedChecker(options: FeedCheckerOptions): UpdateChecker {
  const listeners = new Set<(event: UpdateEvent) => void>();
  const report = (event: UpdateEvent) => {
    for (const listener of listeners) listener(event);
  };
  const fetchFeed = options.fetch ?? fetch;
  const fileName = feedFileName(options.platform, options.arch);

  async function find(feedUrl: string): Promise<UpdateEvent> {
    const feed = UpdateFeedUrl.safeParse(feedUrl);
    if (!feed.success) return { type: 'error', code: feedUrlErrorCode(feed.error) };
    const url = new URL(fileName, `${feed.data}/`);
    let text: string;
    try {
      const response = await fetchFeed(url, {
        redirect: 'follow',
        headers: { 'cache-control': 'no-cache' },
        signal: AbortSignal.timeout(FEED_TIMEOUT_MS),
      });
      // A redirect must not take the check off https.
      if (response.redirected && !UpdateFeedUrl.safeParse(response.url).success) {
        return { type: 'error', code: 'insecure_feed' };
      }
      if (response.status === 404) return { type: 'error', code: 'feed_not_found' };
      if (!response.ok) return { type: 'error', code: 'feed_unreachable' };
      text = await response.text();
    } catch {
      return { type: 'error', code: 'feed_unreachable' };
    }
    if (text.length > MAX_FEED_BYTES) return { type: 'error', code: 'feed_invalid' };
    let data: unknown;
    try {
      data = load(text);
    } catch {
      return { type: 'error', code: 'feed_invalid' };
    }
    const info = FeedInfo.safeParse(data);
    if (!info.success) return { type: 'error', code: 'feed_invalid' };
    if (!gt(info.data.version, options.currentVersion)) return { type: 'not-available' };
    const releaseNotesUrl = releaseNotesUrlFrom(info.data.releaseNotes);
    return { type: 'available', version: info.data.version, ...(releaseNotesUrl ? { releaseNotesUrl } : {}) };
  }

  return {
    async check(request) {
      report({ type: 'checking' });
      let outcome: UpdateEvent;
      try {
        outcome = await find(request.feedUrl);
      } catch (error) {
        options.log.warn(`updates: feed check failed: ${error instanceof Error ? error.message : String(error)}`);
        outcome = { type: 'error', code: 'unknown' };
      }
      report(outcome);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quitAndInstall() {
      throw new Error('the feed checker only announces updates; it has nothing to install');
    },
  };
}
