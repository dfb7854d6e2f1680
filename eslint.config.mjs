import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '.baton/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Services share nothing but contracts and libs; only the embedded composition may import them all.
    files: ['services/**/*.ts'],
    ignores: ['services/embedded/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/src/**', '../../../services/**'], message: 'services share only contracts/ and libs/' }] }],
    },
  },
  {
    // The rep console: React's rules of hooks and effect dependencies on top.
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
