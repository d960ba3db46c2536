/**
 * A build plugin that prints what the renderer ships: every chunk with its
 * minified and gzip size, the largest modules in it, and the JavaScript the
 * entry loads before anything else can run (the entry chunk and its static
 * imports). Module sizes are the gzip size of each module's rendered code
 * before minification, so they rank modules; the chunk totals are exact.
 * No dependency: the `writeBundle` hook already sees every chunk.
 */
import { gzipSync } from 'node:zlib';
import { relative, sep } from 'node:path';
import type { Plugin } from 'vite';

export interface ModuleSize {
  /** `react-dom` for a package, else the path from the project root. */
  name: string;
  bytes: number;
  gzip: number;
}

export interface ChunkSize {
  file: string;
  kind: 'entry' | 'lazy' | 'shared';
  bytes: number;
  gzip: number;
  /** Static imports (loaded with this chunk). */
  imports: string[];
  modules: ModuleSize[];
}

/** The parts of a rolldown/rollup output chunk this report reads. */
export interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  imports: readonly string[];
  modules: Record<string, { code: string | null; renderedLength: number }>;
}

const gzipSize = (text: string): number => gzipSync(text, { level: 9 }).length;

/** `…/node_modules/react-dom/cjs/x.js` → `react-dom/cjs/x.js`; our files relative to the root. */
export function moduleName(id: string, root: string): string {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const marker = `node_modules${sep}`;
  const at = clean.lastIndexOf(marker);
  if (at >= 0) return clean.slice(at + marker.length);
  return relative(root, clean) || clean;
}

export function measureChunks(chunks: readonly ChunkLike[], root: string): ChunkSize[] {
  return chunks.map((chunk) => ({
    file: chunk.fileName,
    kind: chunk.isEntry ? 'entry' : chunk.isDynamicEntry ? 'lazy' : 'shared',
    bytes: Buffer.byteLength(chunk.code),
    gzip: gzipSize(chunk.code),
    imports: [...chunk.imports],
    modules: Object.entries(chunk.modules)
      .map(([id, module]) => ({
        name: moduleName(id, root),
        bytes: module.renderedLength,
        gzip: module.code ? gzipSize(module.code) : 0,
      }))
      .filter((module) => module.bytes > 0)
      .sort((a, b) => b.gzip - a.gzip),
  }));
}

/** The entry chunks and everything they import statically: what runs before the first screen. */
export function initialChunks(chunks: readonly ChunkSize[]): ChunkSize[] {
  const byFile = new Map(chunks.map((chunk) => [chunk.file, chunk]));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of byFile.get(file)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks) if (chunk.kind === 'entry') visit(chunk.file);
  return chunks.filter((chunk) => seen.has(chunk.file));
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

export function formatComposition(chunks: readonly ChunkSize[], top: number): string[] {
  const lines: string[] = ['', 'Renderer bundle composition (gzip -9; module sizes before minification)'];
  for (const chunk of [...chunks].sort((a, b) => b.gzip - a.gzip)) {
    lines.push(`  ${chunk.file} [${chunk.kind}]  ${kB(chunk.bytes)} minified, ${kB(chunk.gzip)} gzip`);
    for (const module of chunk.modules.slice(0, top)) {
      lines.push(`      ${kB(module.gzip).padStart(9)}  ${module.name}`);
    }
    const rest = chunk.modules.slice(top);
    if (rest.length > 0) {
      const restGzip = rest.reduce((sum, module) => sum + module.gzip, 0);
      lines.push(`      ${kB(restGzip).padStart(9)}  (${rest.length} more modules)`);
    }
  }
  const initial = initialChunks(chunks);
  const initialGzip = initial.reduce((sum, chunk) => sum + chunk.gzip, 0);
  lines.push(
    `  loaded before the first screen: ${kB(initialGzip)} gzip in ${initial.length} chunk(s) (${initial
      .map((chunk) => chunk.file)
      .join(', ')})`,
    '',
  );
  return lines;
}

export interface BundleCompositionOptions {
  root: string;
  /** Largest modules listed per chunk. */
  top?: number;
  print?: (line: string) => void;
}

export function bundleComposition(options: BundleCompositionOptions): Plugin {
  const print = options.print ?? ((line: string) => console.log(line));
  return {
    name: 'team-safe:bundle-composition',
    apply: 'build',
    // Once written: vite's own last edits (the lazy chunks' preload lists) are in the code by then.
    writeBundle(_output, bundle) {
      const chunks = Object.values(bundle).filter((item): item is typeof item & ChunkLike => item.type === 'chunk');
      for (const line of formatComposition(measureChunks(chunks, options.root), options.top ?? 8)) print(line);
    },
  };
}
