// Lint: typescript-eslint's recommended rules, and the boundaries of STYLE.md enforced by
// `no-restricted-imports`: core stays pure (no Node, Electron, React, Monaco, DOM-bound packages)
// outside core/node/; the renderer never imports Node or Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'electron', 'electron/*'];
const uiOnly = ['react', 'react-dom', 'react-dom/*', 'react/*', 'monaco-editor', 'monaco-editor/*', 'zustand', 'zustand/*'];

export default tseslint.config(
  { ignores: ['build/**', 'dist/**', 'node_modules/**', 'fixtures/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', performance: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Validation and escaping must name control characters; that is the point, not a mistake.
      'no-control-regex': 'off',
    },
  },
  {
    // Playwright scripts: code inside page.evaluate runs in the page.
    files: ['**/*.mjs', 'e2e/**/*.ts'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/node/**', 'core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeOnly, ...uiOnly], message: 'core is pure: file access lives in core/node, UI in renderer/' }] }],
    },
  },
  {
    // The renderer imports the contract (electron/contract.ts) and pure core, never Node or Electron
    // code, the back end or core/node (docs/architecture.md).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly.filter((p) => !p.startsWith('electron')), allowTypeImports: true, message: 'the renderer talks to the file system only through the typed API' },
            { regex: '^electron(/|$)', allowTypeImports: true, message: 'the renderer talks to the file system only through the typed API' },
            { regex: '(^|/)core/node(/|$)|^\\.[./]*/electron/(?!contract\\.js$)', message: 'the renderer imports only the contract (electron/contract.ts) and pure core' },
          ],
        },
      ],
    },
  },
);
