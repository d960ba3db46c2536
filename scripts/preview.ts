/**
 * `npm run preview`: the same renderer in a browser, backed by the real
 * main-process core in Node, against the embedded reference server.
 */
import { runBrowserPreview } from './browser-preview.ts';

await runBrowserPreview();
