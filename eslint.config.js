import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';

/*
 * The walls of the house (docs/architecture.md draws the same map):
 *
 *   shared/            imports nothing of ours, no Node, no DOM, no UI library
 *   renderer/          shared/ only; talks to main through window.teamSafe
 *   electron/core/     shared/; plain Node: no electron, no server/, no shell, no preview host
 *   electron/main/     core and shared; only index.ts and shell/* import electron and its modules
 *   electron/preload/  electron and the channel names (shared/ipc/names.ts); types from the contract
 *   electron/preview/  core and shared: the browser host of the same core, never the Electron shell
 *   server/            shared/ only
 *   bench/, testkit/   anything but test/ (what they share with the tests lives in testkit/)
 *
 * Folder walls are checked on resolved paths (import-x/no-restricted-paths), package walls on
 * import names (no-restricted-imports, per folder, with type-only imports allowed where a
 * type costs nothing at run time).
 */

const ours = (...folders) => folders.map((folder) => `./${folder}`);

const folderWalls = [
  {
    target: './shared',
    from: ours('electron', 'renderer', 'server', 'test', 'testkit', 'bench', 'scripts'),
    message: 'shared/ depends on nothing of ours.',
  },
  {
    target: './renderer',
    from: ours('electron', 'server', 'test', 'testkit', 'bench', 'scripts'),
    message: 'The renderer reaches main only through window.teamSafe (renderer/src/bridge.ts).',
  },
  {
    target: './electron/core',
    from: ours('server', 'electron/main', 'electron/preload', 'electron/preview', 'renderer', 'test', 'testkit'),
    message: 'The core is plain Node below the shells: it talks to the server over HTTP and is built by them.',
  },
  {
    target: './electron/main',
    from: ours('server', 'electron/preview', 'electron/preload', 'renderer', 'test', 'testkit'),
    message: 'The Electron shell builds the core; it does not reach into the preview host, the preload or the server.',
  },
  {
    target: './electron/preview',
    from: ours('electron/main', 'electron/preload', 'renderer', 'test', 'testkit'),
    message: 'The preview host runs the same core as the app, never the Electron shell (shared policy lives in core).',
  },
  {
    target: './electron/preload',
    from: ours('electron/core', 'electron/main', 'electron/preview', 'server', 'renderer', 'test', 'testkit'),
    message: 'The sandboxed preload bundles nothing but the channel names.',
  },
  {
    target: './server',
    from: ours('electron', 'renderer', 'test', 'testkit', 'bench', 'scripts'),
    message: 'The server depends only on shared/.',
  },
  {
    target: ours('bench', 'testkit'),
    from: ours('test'),
    message: 'bench/ and testkit/ do not import test/: what they share with the tests lives in testkit/.',
  },
];

const nodeBuiltins = {
  group: ['node:*', ...builtinModules, ...builtinModules.map((name) => `${name}/*`)],
  message: 'Runs in the browser too: no Node built-ins.',
};
const electronModules = [
  'electron',
  'electron-updater',
  'electron-store',
  'electron-log',
  'electron-log/main',
  'electron-log/renderer',
  'electron-log/preload',
].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Only the shell (electron/main/index.ts, electron/main/shell/*, electron/preload) imports Electron modules.',
}));
const keytar = { name: 'keytar', message: 'Only the core reaches the keychain.' };

/** One `no-restricted-imports` per zone: flat config replaces (not merges) a rule set twice for a file. */
function packageWall(files, { paths = [], patterns = [] }, ignores = []) {
  return {
    files,
    ignores,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: ['node_modules', 'out', 'dist', 'test-results', 'playwright-report', '.data'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Imports name their files with extensions (`./core.ts`); TypeScript files are parsed for their imports too.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.d.ts'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'import-x/no-restricted-paths': ['error', { zones: folderWalls }],
    },
  },

  // Promises: every one awaited, returned, caught, or let go through detach() (renderer/src, electron/core),
  // which handles what escapes. A bare `void promise` does not pass.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // Each file's nearest tsconfig.json: the root (Node), renderer/, test/ or bench/. The preview
        // host's bridge script lives by the host but runs in the page, as the renderer does.
        projectService: {
          allowDefaultProject: ['electron/preview/bridge-client.ts'],
          defaultProject: 'renderer/tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },

  // No import cycles in the product's code (type-only imports are erased and do not count).
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'server/**/*.ts', 'shared/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },

  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
  },
  packageWall(['shared/**/*.ts'], {
    paths: [
      ...electronModules.map(({ name }) => ({ name, message: 'shared/ is the contract, not the shell.' })),
      keytar,
      ...['react', 'react-dom', 'zustand', 'i18next', 'react-i18next'].map((name) => ({
        name,
        message: 'shared/ is UI-free: data, schemas and translations.',
      })),
    ],
    patterns: [nodeBuiltins],
  }),

  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  packageWall(['renderer/**/*.{ts,tsx}'], {
    paths: [
      ...electronModules.map(({ name }) => ({
        name,
        message: 'The renderer talks to main only through window.teamSafe.',
      })),
      { ...keytar, message: 'The renderer holds no secrets.' },
    ],
    patterns: [nodeBuiltins],
  }),

  // Main-side code outside the shell: plain Node, Electron's modules as types at most.
  packageWall(
    ['electron/**/*.ts', 'server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'testkit/**/*.ts'],
    { paths: electronModules },
    ['electron/main/index.ts', 'electron/main/shell/**', 'electron/preload/**'],
  ),
  packageWall(['server/**/*.ts'], {
    paths: [...electronModules, { ...keytar, message: 'The server has no keychain.' }],
  }),
  // The sandboxed preload: at run time only electron and the channel names.
  packageWall(['electron/preload/**/*.ts'], {
    patterns: [
      {
        group: ['**/shared/**/*.ts', '!**/shared/ipc/names.ts'],
        allowTypeImports: true,
        message: 'A sandboxed preload cannot load zod or the schemas: check channels with shared/ipc/names.ts.',
      },
    ],
  }),
);
