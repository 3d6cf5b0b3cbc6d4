// Type-aware linting: what tsc cannot see (a promise left floating or handed where a callback's
// result is ignored, code nobody uses, a focused or skipped test) fails `npm test` before jest runs.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.build/', '.serverless/', '.esbuild/', '.local/', 'coverage/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // An async function that awaits nothing is how a mock or an interface's method says it returns a promise.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // A handler may reject with anything; the runtime reports what it was given, as Lambda does.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `list[i]!` says "this index is there" for a reader; tsc without noUncheckedIndexedAccess does not need it, and this rule would strip it.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { jest },
    rules: {
      // A test loads a module afresh (jest.isolateModules) with require, and reads JSON it parsed as any.
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // expect(mock.method) passes a method unbound on purpose; jest's own rule knows that.
      '@typescript-eslint/unbound-method': 'off',
      'jest/unbound-method': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-expect': 'error',
    },
  },
);
