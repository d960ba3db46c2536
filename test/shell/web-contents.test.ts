import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installWebContentsGuards, type GuardedApp } from '../../electron/main/shell/web-contents.ts';
import { APP_ORIGIN } from '../../electron/core/security.ts';
import { RecordedEvent, recordingLog, StandInContents } from './stand-ins.ts';

/** The real guards, installed through `web-contents-created` on an app stand-in. */
function guardedContents(): StandInContents {
  const app = new EventEmitter() as EventEmitter & GuardedApp;
  installWebContentsGuards(app, [APP_ORIGIN], recordingLog());
  const contents = new StandInContents();
  app.emit('web-contents-created', new RecordedEvent(), contents);
  return contents;
}

function navigate(contents: StandInContents, event: 'will-navigate' | 'will-redirect', url: string): boolean {
  const recorded = new RecordedEvent();
  contents.emit(event, recorded, url);
  return !recorded.defaultPrevented;
}

describe('every web contents stays on the app', () => {
  it('allows navigation within the app origin only', () => {
    const contents = guardedContents();
    expect(navigate(contents, 'will-navigate', `${APP_ORIGIN}/index.html#members`)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'http://127.0.0.1:4517/',
      'javascript:alert(1)',
    ]) {
      expect(navigate(contents, 'will-navigate', url), url).toBe(false);
      expect(navigate(contents, 'will-redirect', url), url).toBe(false);
    }
  });

  it('denies new windows and webviews', () => {
    const contents = guardedContents();
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const attach = new RecordedEvent();
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });
});
