// npm run lint: typescript-eslint's recommended rules on src, tests, scripts and bench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // (scripts/dbg*: local scratch files, ignored by git too, never part of the project)
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'reports/**', 'public/**', 'appPackage/**', 'scripts/dbg*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // tests may use `any` to read activities and cards loosely
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
