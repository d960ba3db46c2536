/**
 * The build's bundle report: what loads before the first screen is the entry
 * chunk and what it imports statically, never a lazy chunk.
 */
import { describe, expect, it } from 'vitest';
import {
  formatComposition,
  initialChunks,
  measureChunks,
  moduleName,
  type ChunkLike,
} from '../../scripts/bundle-composition.ts';

const chunk = (fileName: string, kind: 'entry' | 'lazy' | 'shared', imports: string[], code: string): ChunkLike => ({
  type: 'chunk',
  fileName,
  code,
  isEntry: kind === 'entry',
  isDynamicEntry: kind === 'lazy',
  imports,
  modules: { [`/app/node_modules/pkg-${fileName}/index.js`]: { code, renderedLength: code.length } },
});

describe('bundle composition', () => {
  const chunks = measureChunks(
    [
      chunk('index.js', 'entry', ['vendor.js'], 'a'.repeat(1000)),
      chunk('vendor.js', 'shared', ['runtime.js'], 'b'.repeat(500)),
      chunk('runtime.js', 'shared', [], 'c'),
      chunk('wizard.js', 'lazy', ['vendor.js', 'phone.js'], 'd'.repeat(300)),
      chunk('phone.js', 'shared', [], 'e'.repeat(3000)),
    ],
    '/app',
  );

  it('counts the entry and its static imports, transitively, and no lazy chunk or what only it imports', () => {
    expect(initialChunks(chunks).map((each) => each.file)).toEqual(['index.js', 'vendor.js', 'runtime.js']);
  });

  it('names modules by package and prints the initial total', () => {
    expect(moduleName('/app/node_modules/react-dom/cjs/x.js', '/app')).toBe('react-dom/cjs/x.js');
    expect(moduleName('/app/renderer/src/main.tsx', '/app')).toBe('renderer/src/main.tsx');
    const text = formatComposition(chunks, 3).join('\n');
    expect(text).toContain('wizard.js [lazy]');
    expect(text).toMatch(
      /loaded before the first screen: [\d.]+ kB gzip in 3 chunk\(s\) \(index\.js, vendor\.js, runtime\.js\)/,
    );
  });
});
