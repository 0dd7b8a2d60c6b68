import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureFolders = [
  'src/oci/digest.ts',
  'src/oci/media-types.ts',
  'src/oci/types.ts',
  'src/oci/reference.ts',
  'src/cnb/**',
  'src/patches/**',
  'src/rebase/plan.ts',
  'src/rebase/rewrite.ts',
  'src/rebase/run-image.ts',
  'src/rebase/types.ts',
  'src/result.ts',
  'src/report/**',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'build/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Only the action shell talks to the runner; everything else logs through the Log port.
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/index.ts', 'src/action/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message: 'Only src/main.ts and src/action/* may import @actions/*; use the Log port.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure modules: no I/O, no clock, no environment.
    files: pureFolders,
    ignores: ['src/patches/sources.ts', 'src/patches/fetch.ts', 'src/cnb/builder.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'undici',
            'node:fs',
            'node:fs/promises',
            'node:child_process',
            'node:process',
            'node:net',
            'node:os',
          ],
          patterns: [{ group: ['@actions/*'], message: 'pure module' }],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
    },
  },
);
