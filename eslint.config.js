import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// STYLE.md §3: layers import downward only.
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  layer(['shared/**'], ['**/electron/**', '**/renderer/**', 'node:*', 'electron'], 'shared/ imports nothing of ours and nothing of Node.'),
  layer(['renderer/**'], ['**/electron/**', 'node:*', 'electron'], 'renderer/ imports only shared/.'),
  layer(
    ['electron/protocol/**'],
    ['../transport/**', '../cli/**', '../services/**', '../main/**', '../host/**', 'node:net', 'node:tls', 'node:http', 'node:https', 'node:timers', 'node:fs', 'electron'],
    'electron/protocol is sans-I/O: no sockets, no timers, no app code.',
  ),
  layer(
    ['electron/services/**', 'electron/host/**'],
    ['electron', '../main/**', '../cli/**'],
    'electron/services and electron/host run without Electron (tests, browser mode): no electron, no main/ or cli/ code.',
  ),
);
