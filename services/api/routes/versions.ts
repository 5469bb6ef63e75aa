// The traffic of a versioned definition — versions with their labels, promote, roll back, canary,
// pin, diff — under one path prefix per kind: /agents/:name/… today, /workflows/:name/… the same way.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiScope } from '../../keys';
import { CanaryPercentSchema, type DefinitionKind, type VersionService } from '../../versions';
import { actorOf } from '../tenant';

export interface VersionRoutesOptions {
  versions: VersionService;
  kind: DefinitionKind;
  /** The path segment and tag: `agents`, `workflows`. */
  collection: string;
  /** operationIds end with it: `promoteAgent`. */
  noun: string;
  writeScope: ApiScope;
}

const NameParams = z.object({ name: z.string().min(1).max(63) });
/** Bounded to the store's integer column: a larger number is a 400, never a database error. */
const MAX_VERSION = 2_147_483_647;
const Version = z.number().int().positive().max(MAX_VERSION);

export const LabelsSchema = z.object({
  stable: z.number().int().describe('The version runs get unless pinned or picked for the canary'),
  canary: z.object({ version: z.number().int(), percent: z.number().describe('Share of new runs, 0–100') }).nullable(),
  pinned: z.number().int().nullable().describe('When set, every new run gets this version'),
  previousStable: z.array(z.number().int()).describe('Earlier stable versions, oldest first: rollback returns to the last'),
}).meta({ title: 'VersionLabels' });
const VersionEntry = z.object({
  name: z.string(),
  version: z.number().int(),
  digest: z.string().describe('sha256 of the canonical definition'),
  createdAt: z.string(),
  labels: z.array(z.enum(['stable', 'canary', 'pinned'])),
});
const LabelsResponse = z.object({ labels: LabelsSchema }).meta({ title: 'VersionLabelsResponse' });
const VersionList = z.object({ labels: LabelsSchema, versions: z.array(VersionEntry) }).meta({ title: 'VersionList' });
const DiffQuery = z.object({ from: z.coerce.number().int().positive().max(MAX_VERSION), to: z.coerce.number().int().positive().max(MAX_VERSION) });
const DiffResponse = z.object({
  name: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.object({
    path: z.string().describe('JSON path of the changed value, e.g. tools[0].approval; empty for the whole definition'),
    change: z.enum(['added', 'removed', 'changed']),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })),
  unified: z.string().describe('Unified diff of the two definitions as YAML (keys sorted); empty when they are the same'),
}).meta({ title: 'VersionDiff' });

export const versionRoutes: FastifyPluginAsyncZod<VersionRoutesOptions> = async (app, { versions, kind, collection, noun, writeScope }) => {
  const tags = [collection];
  const base = `/${collection}/:name`;

  app.get(`${base}/versions`, { config: { scope: 'read' }, schema: {
    operationId: `list${noun}Versions`, summary: `Versions of a ${kind}, with the labels that route runs to them`, tags, params: NameParams,
    response: { 200: VersionList },
  } }, async (request) => versions.list(request.tenant.id, kind, request.params.name));

  app.get(`${base}/diff`, { config: { scope: 'read' }, schema: {
    operationId: `diff${noun}Versions`, summary: `What changed between two versions of a ${kind}`, tags, params: NameParams, querystring: DiffQuery,
    response: { 200: DiffResponse },
  } }, async (request) => versions.diff(request.tenant.id, kind, request.params.name, request.query.from, request.query.to));

  app.post(`${base}/promote`, { config: { scope: writeScope }, schema: {
    operationId: `promote${noun}`, summary: `Make the canary (or a named version) the stable version of a ${kind}; clears the canary`, tags, params: NameParams,
    body: z.object({ version: Version.optional() }).strict().nullish().describe("Optional: { version }"),
    response: { 200: LabelsResponse },
  } }, async (request) => ({
    labels: await versions.promote(request.tenant.id, kind, request.params.name, { version: request.body?.version }, actorOf(request)),
  }));

  app.post(`${base}/rollback`, { config: { scope: writeScope }, schema: {
    operationId: `rollback${noun}`, summary: `Return a ${kind}'s stable version to the previous stable (or a named version); clears the canary`, tags, params: NameParams,
    body: z.object({ version: Version.optional() }).strict().nullish().describe("Optional: { version }"),
    response: { 200: LabelsResponse },
  } }, async (request) => ({
    labels: await versions.rollback(request.tenant.id, kind, request.params.name, { version: request.body?.version }, actorOf(request)),
  }));

  app.post(`${base}/canary`, { config: { scope: writeScope }, schema: {
    operationId: `setCanary${noun}`, summary: `Send a share of a ${kind}'s new runs to a canary version (version null clears it)`, tags, params: NameParams,
    body: z.union([
      z.object({ version: Version, percent: CanaryPercentSchema.describe('0–100, an integer or one decimal') }).strict(),
      z.object({ version: z.null() }).strict(),
    ]),
    response: { 200: LabelsResponse },
  } }, async (request) => {
    const b = request.body;
    const canary = b.version === null ? null : { version: b.version, percent: (b as { percent: number }).percent };
    return { labels: await versions.setCanary(request.tenant.id, kind, request.params.name, canary, actorOf(request)) };
  });

  app.post(`${base}/pin`, { config: { scope: writeScope }, schema: {
    operationId: `pin${noun}`, summary: `Pin every new run of a ${kind} to one version (version null unpins)`, tags, params: NameParams,
    body: z.object({ version: Version.nullable() }).strict(),
    response: { 200: LabelsResponse },
  } }, async (request) => ({
    labels: await versions.pin(request.tenant.id, kind, request.params.name, request.body.version, actorOf(request)),
  }));
};
