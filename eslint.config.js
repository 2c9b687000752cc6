// Lint config: typescript-eslint recommended, plus the rules that keep layers pointing inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outerLayers = ['**/http/**', '**/db/**', '**/cluster/**', '**/node', '**/worker'];

// What the domain core may never import: no framework, storage, runtime or outer layer.
const pure = [
  { group: ['hono', 'hono/*', '@hono/*'], message: 'domain code must not import Hono' },
  {
    group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'],
    message: 'domain code must not touch storage',
  },
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'process'],
    message: 'domain code must run on Workers too',
  },
  { group: outerLayers, message: 'dependencies point inward: domain must not import outer layers' },
];

/** The domain folders named, as import patterns (a folder is a path segment, at any depth). */
const folders = (...names) => names.map((n) => `**/${n}/**`);

/** The domain purity rule plus folders `files` may not reach into. */
const domainLayer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...pure, { group: folders(...forbidden), message: why }] },
    ],
  },
});

// Read by everyone below them; they read nothing of the cluster's machinery.
const consumers = ['grading', 'templates', 'lessons', 'printers', 'stats'];

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
      'no-restricted-imports': ['error', { patterns: pure }],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the clock is injected' },
        { object: 'Math', property: 'random', message: 'the random source is injected' },
      ],
    },
  },
  // Inside the domain, by Kubernetes component (later blocks win for the files they name).
  domainLayer(
    ['src/domain/apimachinery/**/*.ts'],
    ['registry', 'controllers', 'kubelet', 'proxy', 'cloud', 'lab', ...consumers],
    'apimachinery is the bottom layer: it imports no other domain folder',
  ),
  domainLayer(
    ['src/domain/registry/*.ts', 'src/domain/controllers/**/*.ts'],
    ['proxy', ...consumers],
    'the API server and the controllers do not reach into kube-proxy or its readers',
  ),
  domainLayer(
    ['src/domain/kubelet/**/*.ts'],
    consumers,
    'the kubelet does not import the readers of the cluster (printers, stats, grading, lessons)',
  ),
  domainLayer(
    ['src/domain/registry/*/**/*.ts'],
    ['controllers', 'kubelet', 'proxy', 'cloud', 'lab', ...consumers],
    "a kind's defaults, validation and allocation read apimachinery and the registry only",
  ),
  domainLayer(
    ['src/domain/kubelet/containers/**/*.ts'],
    ['registry', 'controllers', 'proxy', 'cloud', 'lab', ...consumers],
    'a container answers what it is sent: it knows no cluster machinery and no routing',
  ),
  domainLayer(
    ['src/domain/proxy/**/*.ts'],
    ['grading', 'templates', 'lessons', 'printers'],
    'kube-proxy does not import the readers of the cluster (printers, grading, lessons)',
  ),
  domainLayer(
    ['src/domain/lab/**/*.ts'],
    ['proxy', ...consumers],
    'the lab assembles the cluster; routing and the readers sit above it',
  ),
  domainLayer(
    ['src/domain/stats/**/*.ts'],
    [
      'registry',
      'controllers',
      'kubelet',
      'proxy',
      'cloud',
      'lab',
      'grading',
      'templates',
      'lessons',
    ],
    'statistics are arithmetic over counts (printed as tables)',
  ),
  domainLayer(
    ['src/domain/printers/**/*.ts'],
    ['grading', 'templates', 'lessons'],
    'printers may read anything in the domain but the lessons and their grading',
  ),
  domainLayer(
    ['src/schema/kube/**/*.ts'],
    ['domain', 'lab'],
    "Kubernetes' object schemas stand alone: no domain code, no lab API types",
  ),
  {
    // Shared layers run on Node and on Workers; storage and Node's own request come in from the
    // entry points (src/node.ts, src/worker.ts), never by import.
    files: ['src/cluster/**/*.ts', 'src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'node:*', '@hono/node-server', '@hono/node-server/*'],
              message: 'shared layers must run on Workers too',
            },
            {
              regex: '^(\\.\\./)+(db/.*|node|node-.*|worker|worker-.*)$',
              message: 'storage and runtime specifics are injected by the entry points',
            },
          ],
        },
      ],
    },
  },
);
