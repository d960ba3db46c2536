/**
 * Where the window opens: the size, position, maximised state and display
 * it had last time, clamped to the displays that exist now, so a window
 * never opens off-screen after a monitor was unplugged or a resolution
 * changed. Pure functions plus a small, validated JSON file; no electron.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the shell reads of Electron's `Display`. */
export interface DisplayArea {
  id: number;
  /** The display minus task bars and docks. */
  workArea: Rectangle;
}

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
  displayId: z.number().optional(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), Math.max(low, high));

function centredOn(area: Rectangle, width: number, height: number): Rectangle {
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * The bounds to open with. The saved bounds go to the display they overlap
 * most (else the display they were on, else the primary one), shrink to fit
 * its work area, and move fully inside it; a window that no longer touches
 * any display is centred on that display instead.
 */
export function restoreWindowState(
  saved: WindowState | null,
  displays: readonly DisplayArea[],
  primary: DisplayArea,
): { bounds: Rectangle; maximized: boolean } {
  if (!saved) {
    const area = primary.workArea;
    const width = Math.min(DEFAULT_WINDOW_SIZE.width, area.width);
    const height = Math.min(DEFAULT_WINDOW_SIZE.height, area.height);
    return { bounds: centredOn(area, width, height), maximized: false };
  }
  const ranked = displays
    .map((display) => ({ display, shared: overlap(saved, display.workArea) }))
    .sort((a, b) => b.shared - a.shared);
  const best = ranked[0]?.shared ? ranked[0].display : null;
  const display = best ?? displays.find((each) => each.id === saved.displayId) ?? primary;
  const area = display.workArea;
  const width = clamp(saved.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(saved.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  const bounds = best
    ? {
        x: clamp(saved.x, area.x, area.x + area.width - width),
        y: clamp(saved.y, area.y, area.y + area.height - height),
        width,
        height,
      }
    : centredOn(area, width, height);
  return { bounds, maximized: saved.maximized };
}

/** The saved state, or null when there is none or it is not valid (then the defaults apply). */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state)}\n`);
}
