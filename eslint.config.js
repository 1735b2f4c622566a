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
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/node/**', 'core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeOnly, ...uiOnly], message: 'core is pure: file access lives in core/node, UI in renderer/' }] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: nodeOnly, message: 'the renderer talks to the file system only through the typed API' }] }],
    },
  },
);
