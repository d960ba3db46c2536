import { readFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SIZE, drawIconPixels, encodePng } from '../../scripts/icon.ts';

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** RGBA, filter bytes removed (the encoder writes filter 0 only). */
  pixels: Uint8Array;
}

/** Reads a PNG strictly: signature, every chunk's CRC, IHDR, IDAT, IEND. */
function readPng(bytes: Buffer): Png {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), 'chunk CRC').toBe(crc32(typeAndData));
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const header = chunks[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
  expect(raw.length).toBe(height * (width * 4 + 1));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    expect(raw[row], `row ${y} filter`).toBe(0);
    pixels.set(raw.subarray(row + 1, row + 1 + width * 4), y * width * 4);
  }
  return { width, height, bitDepth: header[8]!, colourType: header[9]!, pixels };
}

describe('build/icon.png', () => {
  const png = readPng(readFileSync(new URL('../../build/icon.png', import.meta.url)));

  it('is a valid 1024 × 1024 RGBA PNG, as electron-builder needs for .ico and .icns', () => {
    expect(png).toMatchObject({ width: 1024, height: 1024, bitDepth: 8, colourType: 6 });
    expect(ICON_SIZE).toBe(1024);
  });

  it('is what scripts/icon.ts draws (regenerate with `npm run icon`)', () => {
    expect(Buffer.from(png.pixels).equals(Buffer.from(drawIconPixels()))).toBe(true);
  });

  it('draws a shape: transparent corners, the blue square, the white shield, the keyhole', () => {
    const pixel = (x: number, y: number) => [...png.pixels.subarray((y * 1024 + x) * 4, (y * 1024 + x) * 4 + 4)];
    expect(pixel(4, 4)[3]).toBe(0);
    const [r, g, b, alpha] = pixel(512, 130);
    expect(alpha).toBe(255);
    expect(b! - r!).toBeGreaterThan(120); // the product's blue, near --accent at the top
    expect(g! - r!).toBeGreaterThan(30);
    expect(pixel(380, 350)).toEqual([255, 255, 255, 255]);
    expect(pixel(512, 450)).toEqual([0x1f, 0x3f, 0x99, 255]);
  });

  it('round-trips the encoder on a small image', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    expect(readPng(encodePng(2, 2, rgba))).toMatchObject({ width: 2, height: 2, pixels: rgba });
  });
});
