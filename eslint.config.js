// Lint configuration: typescript-eslint's recommended rules plus the layer rule of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRule } from './scripts/eslint-layer-rule.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { local: { rules: { layers: layerRule } } },
    rules: {
      'local/layers': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The browser client's views are state, pure updates and rendering in small functions
    // (docs/decisions.md, "One store for the browser client"): no function over 80 lines.
    files: ['src/web/client/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
