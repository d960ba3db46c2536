import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The folders say who may import whom; these rules keep the house that shape.
const noElectron = {
  name: 'electron',
  message: 'Only the shell (electron/main/index.ts, electron/main/shell/*, electron/preload) imports electron.',
};
const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ run in the browser too: no Node built-ins.' };

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'playwright-report', '.data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'react', message: 'shared/ is UI-free.' }],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/electron/**', '**/renderer/**', '**/server/**'],
              message: 'shared/ depends on nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'keytar', message: 'The renderer holds no secrets.' }],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/electron/**', '**/server/**'],
              message: 'The renderer talks to main only through window.teamSafe.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/preview/**/*.ts', 'server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/renderer/**'], message: 'Main-side code does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts', 'testkit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test/**'],
              message: 'bench/ and testkit/ do not import test/: shared helpers live in testkit/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'keytar', message: 'The server has no keychain.' }],
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'The server depends only on shared/.' }],
        },
      ],
    },
  },
);
