// The layering of docs/architecture.md as rules: `npm test` runs `npm run -s deps` and fails on any
// violation. Arrows point one way: api → domain → infrastructure; composition (platform) and the
// process entry points sit above them all.
const INFRA = '(errors|json-schema|config|net|store|blobs|bus|tracing|vector|router|mcp|temporal)';
const DOMAIN = '(agents|audit|ingest|keys|retrieval|replay|secrets|usage|versions|workflows)';
const EDGE = '(api|worker|platform|cli)';
// A service's public face: what other folders may import from it.
const FACE = '(index|types|config|policy)\\.ts$';
const ENTRY = '^services/(api|worker)/main\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included.',
      from: { path: '^(services|workflows|activities|mcp-servers)/' },
      to: { circular: true },
    },
    {
      name: 'public-face-only',
      severity: 'error',
      comment: "Another service is reached through its index.ts (or types.ts/config.ts/policy.ts for schemas and pure rules).",
      from: { path: '^(services/([^/]+)|workflows|activities|mcp-servers/([^/]+))/' },
      to: { path: '^services/([^/]+)/', pathNot: [`^services/$2/`, `^services/[^/]+/${FACE}`] },
    },
    {
      name: 'infra-stays-down',
      severity: 'error',
      comment: 'Infrastructure services import only other infrastructure (and configuration schemas).',
      from: { path: `^services/${INFRA}/` },
      to: {
        path: [`^services/${DOMAIN}/`, `^services/${EDGE}/`, '^(activities|workflows|mcp-servers)/'],
        pathNot: [`^services/[^/]+/config\\.ts$`],
      },
    },
    {
      name: 'domain-below-edges',
      severity: 'error',
      comment: 'Domain services throw domain errors and know nothing of HTTP, workers, the CLI or the composition root.',
      from: { path: `^services/${DOMAIN}/` },
      to: { path: [`^services/${EDGE}/`, '^(activities|mcp-servers)/'] },
    },
    {
      name: 'domain-starts-workflows-by-type',
      severity: 'error',
      comment: 'Domain services start workflows through their function types; nothing but workflows/ reaches further in.',
      from: { path: `^services/${DOMAIN}/` },
      to: { path: '^workflows/', pathNot: '^workflows/[^/]+\\.ts$' },
    },
    {
      name: 'edges-do-not-compose',
      severity: 'error',
      comment: 'Only services/platform (and the process entry points) wires concrete pieces together.',
      from: { path: '^services/(api|worker)/', pathNot: ENTRY },
      to: { path: ['^services/(platform|cli)/', '^services/(api|worker)/'], pathNot: '^services/$1/' },
    },
    {
      name: 'api-is-http-only',
      severity: 'error',
      comment: 'The API never reaches the worker side (activities, workflows code, tool servers).',
      from: { path: '^services/api/', pathNot: ENTRY },
      to: { path: ['^activities/', '^mcp-servers/'] },
    },
    {
      name: 'only-platform-imports-mcp-servers',
      severity: 'error',
      from: { path: '^(services|activities|workflows)/', pathNot: ['^services/platform/', ENTRY] },
      to: { path: '^mcp-servers/' },
    },
    {
      name: 'activities-call-services',
      severity: 'error',
      comment: 'Activities call domain and infrastructure services, nothing above them.',
      from: { path: '^activities/' },
      to: { path: [`^services/${EDGE}/`, '^workflows/'] },
    },
    {
      name: 'mcp-servers-use-public-faces',
      severity: 'error',
      from: { path: '^mcp-servers/' },
      to: { path: [`^services/${EDGE}/`, '^(activities|workflows)/'] },
    },
    {
      name: 'workflows-are-deterministic',
      severity: 'error',
      comment: 'Workflow code imports @temporalio/workflow, other workflow files and pure types/policy files; anything else only as types.',
      from: { path: '^workflows/' },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: ['^workflows/', '^services/[^/]+/(types|policy)\\.ts$', '@temporalio/(workflow|common)'],
      },
    },
    {
      name: 'workflows-no-node-builtins',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.keel|\\.tools)/' },
  },
};
