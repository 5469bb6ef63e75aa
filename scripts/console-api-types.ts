// Writes console/src/api-types/ (openapi-typescript over the API's OpenAPI document), one file per
// API tag (that tag's paths and operations) beside components.ts and an index.ts that joins them,
// or with --check fails when the committed files differ (test/console/api-types.test.ts runs it).
// Error responses and titled schemas (`.meta({ title })` on a route's zod schema) that several
// operations use are written once, in components.ts: title a shape a new route shares.
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
  const nodes = await openapiTS(documentForTypes(doc) as never, { alphabetize: true });
  return splitByTag(nodes, tagsOf(doc));
}

type Json = Record<string, any>;

/** A value of the document that may move to components: what it is (uses match by it), its name, its component. */
interface Candidate {
  shape: string;
  name: string;
  component: () => Json;
}

/**
 * Moves to components[section] every candidate the operations use more than once, each use becoming
 * a $ref: the types then spell it out once. A name taken by another variant gets a number (Name2, …).
 */
function shareRepeated(doc: Json, section: 'schemas' | 'responses', candidate: (node: Json, key: string) => Candidate | undefined): void {
  const visit = (node: Json, found: (parent: Json, key: string, c: Candidate) => boolean): void => {
    for (const [key, child] of Object.entries(node)) {
      if (!child || typeof child !== 'object') continue;
      const c = candidate(child, key);
      if (!(c && found(node, key, c))) visit(child, found);
    }
  };
  const uses = new Map<string, Candidate & { count: number }>();
  visit(doc.paths, (_parent, _key, c) => {
    const seen = uses.get(c.shape);
    if (seen) seen.count++;
    else uses.set(c.shape, { ...c, count: 1 });
    return false;
  });
  const shared: Json = ((doc.components ??= {})[section] ??= {});
  const names = new Map<string, string>();
  for (const [shape, c] of uses) {
    if (c.count < 2) continue;
    let name = c.name;
    for (let n = 2; name in shared; n++) name = `${c.name}${n}`;
    shared[name] = c.component();
    names.set(shape, name);
  }
  const toRef = (parent: Json, key: string, c: Candidate): boolean => {
    const name = names.get(c.shape);
    if (name) parent[key] = { $ref: `#/components/${section}/${name}` };
    return name !== undefined;
  };
  for (const name of new Set(names.values())) visit(shared[name], toRef);
  visit(doc.paths, toRef);
}

const STATUS_NAMES: Record<string, string> = {
  '400': 'BadRequest', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound', '409': 'Conflict',
  '413': 'TooLarge', '429': 'RateLimited', '500': 'InternalError', '502': 'BadGateway', '503': 'Unavailable', '504': 'Timeout',
};

/**
 * An error response (same status, description and body: those services/api/openapi.ts adds to every
 * route), named by its status and body: NotFound, AnthropicRateLimited, …
 */
function errorResponse(node: Json, status: string): Candidate | undefined {
  if (!/^[45]\d\d$/.test(status) || typeof node.description !== 'string') return undefined;
  const body = String(node.content?.['application/json']?.schema?.$ref ?? '').replace(/^.*\/(\w*?)ErrorResponse$/, '$1');
  return { shape: `${status} ${JSON.stringify(node)}`, name: `${body}${STATUS_NAMES[status] ?? `Status${status}`}`, component: () => structuredClone(node) };
}

/**
 * A schema the route modules titled (`.meta({ title })`), named by its title. Uses that differ only
 * in their own description (a `.describe()` at the use) are one component, without it.
 */
function titledSchema(node: Json): Candidate | undefined {
  if (typeof node.title !== 'string' || node.type !== 'object') return undefined;
  const { description: _atTheUse, ...shape } = node;
  return { shape: JSON.stringify(shape), name: node.title, component: () => structuredClone(shape) };
}

/**
 * The document the types are made from: the served one, with the error responses and titled
 * schemas several operations share moved to components. The types are the same either way.
 */
function documentForTypes(doc: OpenApiDoc): OpenApiDoc {
  const copy = structuredClone(doc) as Json;
  shareRepeated(copy, 'responses', errorResponse);
  shareRepeated(copy, 'schemas', titledSchema);
  return copy as OpenApiDoc;
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
