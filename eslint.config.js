// Lint config: typescript-eslint recommended, plus the rule that keeps layers pointing inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outerLayers = ['**/http/**', '**/db/**', '**/cluster/**', '**/node', '**/worker'];

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', '.wrangler', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The domain core is pure: no framework, storage, runtime or outer-layer imports.
    files: ['src/domain/**/*.ts', 'src/schema/**/*.ts', 'src/manifest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['hono', 'hono/*', '@hono/*'], message: 'domain code must not import Hono' },
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'],
              message: 'domain code must not touch storage',
            },
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'process'],
              message: 'domain code must run on Workers too',
            },
            {
              group: outerLayers,
              message: 'dependencies point inward: domain must not import outer layers',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the clock is injected' },
        { object: 'Math', property: 'random', message: 'the random source is injected' },
      ],
    },
  },
  {
    files: ['src/cluster/**/*.ts', 'src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'node:*'],
              message: 'shared layers must run on Workers too',
            },
          ],
        },
      ],
    },
  },
);
