// ESLint flat config: typescript-eslint's recommended rules, no `any` without a reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The server's components, each built only on those before it (docs/architecture.md "Components").
 * Outside a component only its index.ts may be imported; platform imports no component (types aside).
 */
const COMPONENTS = ['identity', 'directory', 'alerts', 'search', 'notifications', 'audit', 'statistics', 'privacy'];
const TOP = ['seed'];
const deepInto = (c) => ({
  group: [`**/${c}/*`, `!**/${c}/index.js`],
  message: `Import the ${c} component through its index.ts: its other files are its own.`,
});
const into = (c, why) => ({ group: [`**/${c}/*`], message: why });
/**
 * The function that registers a component's models, which its index exports for the composition
 * root (server/instance.ts). A component reads another's collections through the functions its
 * index offers (its repository), never the models.
 */
const MODELS = Object.fromEntries(COMPONENTS.map((c) => [c, [`${c}Models`]]));
const modelOf = (c) => ({
  group: [`**/${c}/index.js`],
  importNames: MODELS[c],
  message: `Only the composition root registers the ${c} component's models: read through the functions its index.ts offers.`,
});
const storeDoor = {
  group: ['**/store/*', '!**/store/index.js'],
  message: 'Reach the store through platform/store/index.ts, its door (docs/store-concurrency.md is its contract).',
};

function componentBoundaries() {
  const all = [...COMPONENTS, ...TOP];
  const rule = (patterns) => ['error', { patterns }];
  const blocks = [
    {
      files: ['server/**/*.ts'],
      ignores: ['server/types/**'],
      rules: { '@typescript-eslint/no-restricted-imports': rule([storeDoor, ...all.map(deepInto)]) },
    },
    {
      files: ['server/platform/**/*.ts'],
      ignores: ['server/platform/store/**'],
      rules: {
        '@typescript-eslint/no-restricted-imports': rule([
          storeDoor,
          ...all.map((c) => ({ ...into(c, 'Platform code knows no component (a type is allowed).'), allowTypeImports: true })),
        ]),
      },
    },
  ];
  COMPONENTS.forEach((c, i) => {
    const later = [...COMPONENTS.slice(i + 1), ...TOP];
    const others = COMPONENTS.filter((x) => x !== c).join('|');
    blocks.push({
      files: [`server/${c}/**/*.ts`],
      rules: {
        // instance.models holds every component's models: a component uses its own (and platform's) only.
        'no-restricted-syntax': [
          'error',
          {
            selector: `MemberExpression[object.property.name='models'][property.name=/^(${others})$/]`,
            message: `Only the component itself uses its models: read another's collections through the functions its index.ts offers.`,
          },
        ],
        '@typescript-eslint/no-restricted-imports': rule([
          storeDoor,
          ...all.filter((x) => x !== c).map(deepInto),
          ...Object.keys(MODELS)
            .filter((x) => x !== c)
            .map(modelOf),
          ...later.map((l) => ({
            ...into(l, `${c} builds only on the components before it: ${COMPONENTS.slice(0, i).join(', ') || 'platform'}.`),
            allowTypeImports: true,
          })),
        ]),
      },
    });
  });
  return blocks;
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'client/dist/', 'coverage/', 'data/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  ...componentBoundaries(),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
