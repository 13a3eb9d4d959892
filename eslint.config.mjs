import nx from '@nx/eslint-plugin';

const SERVER_ONLY_PACKAGES = ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'fastify', '@fastify/*', 'argon2', 'nestjs-pino'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/test-output', '**/.data'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      // Two tag axes: scope says who may use a project, type says what kind of code it holds.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [...SERVER_ONLY_PACKAGES, '@angular/*', 'rxjs', 'node:*'],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'], bannedExternalImports: SERVER_ONLY_PACKAGES },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'], bannedExternalImports: ['@angular/*'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:server', 'scope:shared'], bannedExternalImports: ['@angular/*'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:worker', 'scope:server', 'scope:shared'], bannedExternalImports: ['@angular/*'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:feature'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:data', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:testing'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:testing'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data', 'type:util'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='only']", message: 'Do not commit it.only' },
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']", message: 'Do not commit describe.only' },
      ],
    },
  },
  {
    // One typed config service reads the environment (libs/server/config); nothing else may.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/server/config/**', 'libs/testing/**', 'apps/web-e2e/**', '**/*.spec.ts', '**/*.integration-spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig' }],
    },
  },
];
