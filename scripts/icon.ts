/**
 * The app icon, drawn in code so it can be regenerated and reviewed: a white
 * shield with a keyhole on a rounded square in the product's blue.
 * electron-builder derives the .ico and .icns from `build/icon.png`.
 *
 *   npm run icon          # writes build/icon.png (1024 × 1024)
 */
import { crc32, deflateSync } from 'node:zlib';

export const ICON_SIZE = 1024;

type Rgb = readonly [number, number, number];
const hex = (value: string): Rgb => [1, 3, 5].map((at) => parseInt(value.slice(at, at + 2), 16)) as unknown as Rgb;

// The renderer's palette (renderer/src/styles/base.css): --accent and --accent-soft-text.
const TOP = hex('#2f5bd2');
const BOTTOM = hex('#1f3f99');
const SHIELD = hex('#ffffff');
const SHIELD_SHADE = hex('#eaf0fd'); // --accent-soft: the shield's right half, for depth
const KEYHOLE = hex('#1f3f99');

/** Coordinates are fractions of the icon's side; y grows downwards. */
function inRoundedSquare(x: number, y: number): boolean {
  const margin = 0.09;
  const radius = 0.2;
  if (x < margin || x > 1 - margin || y < margin || y > 1 - margin) return false;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

// The shield: straight sides from its top to the shoulder, then two arcs that
// meet in a point. Each arc is tangent to its side at the shoulder.
const HALF_WIDTH = 0.26;
const TOP_Y = 0.22;
const SHOULDER_Y = 0.47;
const TIP_Y = 0.83;
const CORNER = 0.05;
const ARC_RADIUS = (HALF_WIDTH ** 2 + (TIP_Y - SHOULDER_Y) ** 2) / (2 * HALF_WIDTH);

function inShield(x: number, y: number): boolean {
  const dx = Math.abs(x - 0.5);
  if (dx > HALF_WIDTH || y < TOP_Y || y > TIP_Y) return false;
  if (y <= SHOULDER_Y) {
    const inCorner = dx > HALF_WIDTH - CORNER && y < TOP_Y + CORNER;
    return !inCorner || (dx - (HALF_WIDTH - CORNER)) ** 2 + (y - (TOP_Y + CORNER)) ** 2 <= CORNER ** 2;
  }
  // Mirrored to the left half: inside the arc whose centre lies right of the middle.
  const arcCentreX = 0.5 - HALF_WIDTH + ARC_RADIUS;
  return (0.5 - dx - arcCentreX) ** 2 + (y - SHOULDER_Y) ** 2 <= ARC_RADIUS ** 2;
}

function inKeyhole(x: number, y: number): boolean {
  const dx = Math.abs(x - 0.5);
  if (dx ** 2 + (y - 0.44) ** 2 <= 0.062 ** 2) return true;
  if (y < 0.46 || y > 0.64) return false;
  const halfWidth = 0.022 + ((y - 0.46) / 0.18) * 0.02;
  return dx <= halfWidth;
}

function colourAt(x: number, y: number): readonly [number, number, number, number] {
  if (!inRoundedSquare(x, y)) return [0, 0, 0, 0];
  if (inShield(x, y) && !inKeyhole(x, y)) return [...(x < 0.5 ? SHIELD : SHIELD_SHADE), 255];
  if (inShield(x, y)) return [...KEYHOLE, 255];
  const t = (y - 0.09) / 0.82;
  return [...TOP.map((top, i) => Math.round(top + (BOTTOM[i]! - top) * t)), 255] as unknown as [
    number,
    number,
    number,
    number,
  ];
}

/** Which shape a point falls in: pixels whose corners all agree need no supersampling. */
function regionAt(x: number, y: number): number {
  if (!inRoundedSquare(x, y)) return 0;
  if (!inShield(x, y)) return 1;
  if (inKeyhole(x, y)) return 2;
  return x < 0.5 ? 3 : 4;
}

/** RGBA pixels; edge pixels take 4 × 4 samples so the edges are smooth. */
export function drawIconPixels(size = ICON_SIZE): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const at = (py * size + px) * 4;
      const corners = [
        regionAt(px / size, py / size),
        regionAt((px + 1) / size, py / size),
        regionAt(px / size, (py + 1) / size),
        regionAt((px + 1) / size, (py + 1) / size),
      ];
      if (corners.every((region) => region === corners[0])) {
        pixels.set(colourAt((px + 0.5) / size, (py + 0.5) / size), at);
        continue;
      }
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      // Colours are averaged weighted by coverage, so edges do not darken.
      pixels[at] = a ? Math.round(r / a) : 0;
      pixels[at + 1] = a ? Math.round(g / a) : 0;
      pixels[at + 2] = a ? Math.round(b / a) : 0;
      pixels[at + 3] = Math.round(a / samples ** 2);
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG (8-bit RGBA, no filtering) of `rgba` pixels. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

if (import.meta.main) {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const target = new URL('../build/icon.png', import.meta.url);
  mkdirSync(new URL('.', target), { recursive: true });
  writeFileSync(target, encodePng(ICON_SIZE, ICON_SIZE, drawIconPixels()));
  console.log(`wrote ${target.pathname}`);
}
