/**
 * The preview host's `window.teamSafe` in Chromium, held to what the app's
 * preload does with IPC.
 */
import { expect, test } from './fixtures.ts';

test('a call is on the socket before invoke returns, as an IPC call is', async ({ page, openApp }) => {
  await openApp();
  await expect(page.locator('form.sign-in__form')).toBeVisible();
  const seen = await page.evaluate(async () => {
    const bridge = (window as unknown as { teamSafe: { invoke(channel: string, request: unknown): Promise<unknown> } })
      .teamSafe;
    await bridge.invoke('app:info', {}); // the socket is open from here on
    const sent: string[] = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data) {
      sent.push(String(data));
      send.call(this, data);
    };
    let sentWhenReturned: number;
    let answer: Promise<unknown>;
    try {
      answer = bridge.invoke('app:info', {});
      // Nothing queued before it may run first: a key press's search leaves before React draws the key.
      sentWhenReturned = sent.length;
    } finally {
      WebSocket.prototype.send = send;
    }
    const result = (await answer) as { ok: boolean };
    return { sentWhenReturned, channel: (JSON.parse(sent[0] ?? '{}') as { channel?: string }).channel, ok: result.ok };
  });
  expect(seen).toEqual({ sentWhenReturned: 1, channel: 'app:info', ok: true });
});
