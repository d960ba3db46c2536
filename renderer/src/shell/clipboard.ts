/**
 * Every copy in the UI goes through main (`clipboard:writeText`): the
 * renderer's own clipboard API needs a permission the app does not hand out.
 * In the browser preview the bridge answers it with the browser's clipboard.
 */
import { call } from '../bridge.ts';

export type CopyOutcome = { status: 'copied'; clearAfterSeconds: number | null } | { status: 'failed' };

/** `sensitive`: a secret (the security code), cleared again after a while if it is still there. */
export async function copyText(text: string, sensitive = false): Promise<CopyOutcome> {
  try {
    const { clearAfterSeconds } = await call('clipboard:writeText', { text, sensitive });
    return { status: 'copied', clearAfterSeconds };
  } catch {
    return { status: 'failed' };
  }
}
