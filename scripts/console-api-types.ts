// Writes console/src/api-types/ (openapi-typescript over the API's OpenAPI document), one file per
// API tag (that tag's paths and operations) beside components.ts and an index.ts that joins them,
// or with --check fails when the committed files differ (test/console/api-types.test.ts runs it).
// The document comes from buildApi with inert services: registering routes calls none of them.
//   tsx scripts/console-api-types.ts [--check]
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { buildApi, type ApiServices } from '../services/api';
import type { Store } from '../services/store';

export const API_TYPES_DIR = resolve(__dirname, '../console/src/api-types');

// Plugin options are read as fastify options too (prefix, logLevel, …): those stay undefined.
const NOT_SERVICE = new Set(['then', 'name', 'prefix', 'logLevel', 'logSerializers', 'toJSON', 'bodyLimit']);
const inert = (values: Record<string, unknown> = {}): any =>
  new Proxy(function () {}, {
    get: (_t, p) => (typeof p === 'string' && p in values ? values[p] : p === Symbol.toPrimitive ? () => 1 : typeof p === 'symbol' || NOT_SERVICE.has(p) ? undefined : inert()),
    apply: () => inert(),
  });

const SERVICES: Array<keyof ApiServices> = [
  'registry', 'versions', 'workflows', 'runs', 'conversations', 'runStreams', 'router', 'audit', 'traces', 'replays',
  'search', 'ingest', 'tools', 'secrets', 'keys', 'codec', 'workflowRuns',
];

const HEADER = "// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.\n/* eslint-disable */\n";
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type OpenApiDoc = { paths: Record<string, Partial<Record<(typeof METHODS)[number], { operationId?: string; tags?: string[] }>>> };

/** The files of console/src/api-types/, by name. */
export async function apiTypesFiles(): Promise<Record<string, string>> {
  const services = Object.fromEntries(SERVICES.map((s) => [s, inert()])) as ApiServices;
  services.routerMedia = undefined;
  services.ingest = inert({ maxUploadBytes: 1024 });
  const app = await buildApi({ store: inert() as Store, services });
  await app.ready();
  const doc = app.swagger() as unknown as OpenApiDoc;
  await app.close();
  const nodes = await openapiTS(doc as never, { alphabetize: true });
  return splitByTag(nodes, tagsOf(doc));
}

/** Each path's and each operation's tag (a path goes with its first operation's). */
function tagsOf(doc: OpenApiDoc) {
  const paths = new Map<string, string>();
  const operations = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      if (!paths.has(path)) paths.set(path, tag);
      if (op.operationId) operations.set(op.operationId, tag);
    }
  }
  return { paths, operations };
}

function splitByTag(nodes: ts.Node[], tags: ReturnType<typeof tagsOf>): Record<string, string> {
  const f = ts.factory;
  const byTag = new Map<string, { paths: ts.TypeElement[]; operations: ts.TypeElement[] }>();
  const group = (tag: string) => byTag.get(tag) ?? byTag.set(tag, { paths: [], operations: [] }).get(tag)!;
  const shared: ts.Node[] = [];
  for (const node of nodes) {
    const name = ts.isInterfaceDeclaration(node) ? node.name.text : undefined;
    if (name !== 'paths' && name !== 'operations') {
      shared.push(node);
      continue;
    }
    for (const member of (node as ts.InterfaceDeclaration).members) {
      const key = member.name && (ts.isStringLiteral(member.name) || ts.isIdentifier(member.name)) ? member.name.text : '';
      group((name === 'paths' ? tags.paths : tags.operations).get(key) ?? 'other')[name].push(member);
    }
  }
  const exported = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
  const iface = (name: string, members: ts.TypeElement[], extended: string[] = []) =>
    f.createInterfaceDeclaration(exported, name, undefined,
      extended.length ? [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, extended.map((e) => f.createExpressionWithTypeArguments(f.createIdentifier(e), undefined)))] : undefined,
      members);
  const files: Record<string, string> = { 'components.ts': HEADER + astToString(shared) };
  const tagNames = [...byTag.keys()].sort();
  const typeName = (tag: string, kind: string) => `${tag.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}${kind}`;
  for (const tag of tagNames) {
    const { paths, operations } = byTag.get(tag)!;
    const body = astToString([iface(typeName(tag, 'Paths'), paths), iface(typeName(tag, 'Operations'), operations)]);
    const imports = [
      body.includes('components[') ? "import type { components } from './components';\n" : '',
      body.includes('operations[') ? "import type { operations } from './index';\n" : '',
    ].join('');
    files[`${tag}.ts`] = `${HEADER}// The \`${tag}\` routes.\n${imports}${body}`;
  }
  const imports = tagNames.map((t) => `import type { ${typeName(t, 'Paths')}, ${typeName(t, 'Operations')} } from './${t}';\n`).join('');
  files['index.ts'] = `${HEADER}// Every route's types: one file per API tag, joined here.\n${imports}export * from './components';\n${astToString([
    iface('paths', [], tagNames.map((t) => typeName(t, 'Paths'))),
    iface('operations', [], tagNames.map((t) => typeName(t, 'Operations'))),
  ])}`;
  return files;
}

/** The committed files that differ from `files`, or are missing or extra. */
export function staleApiTypes(files: Record<string, string>): string[] {
  const present = new Set(readdirSync(API_TYPES_DIR));
  const stale = Object.entries(files).filter(([name, text]) => !present.has(name) || readFileSync(join(API_TYPES_DIR, name), 'utf8') !== text).map(([n]) => n);
  return [...stale, ...[...present].filter((n) => !(n in files))];
}

if (require.main === module) {
  apiTypesFiles().then((files) => {
    if (process.argv.includes('--check')) {
      const stale = staleApiTypes(files);
      if (stale.length > 0) {
        process.stderr.write(`console/src/api-types/ is out of date (${stale.join(', ')}): run \`npm run console:types\`\n`);
        process.exit(1);
      }
      return;
    }
    rmSync(API_TYPES_DIR, { recursive: true, force: true });
    mkdirSync(API_TYPES_DIR, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(API_TYPES_DIR, name), text);
    process.stdout.write(`wrote ${Object.keys(files).length} files to ${API_TYPES_DIR}\n`);
  }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
