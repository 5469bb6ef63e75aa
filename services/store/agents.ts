// Agent definitions: the `agent` kind of the versioned definitions (definitions.ts), in the shape
// the agent registry and its callers have always used.
import type { Db } from './db';
import { definitionRepo, type DefinitionVersionRecord } from './definitions';

export type AgentVersionRecord<D = unknown> = Omit<DefinitionVersionRecord<D>, 'kind'>;

export interface AgentSummary {
  name: string;
  latestVersion: number;
  stableVersion: number;
  createdAt: string;
  updatedAt: string;
}

const KIND = 'agent';
const withoutKind = <T extends { kind: string }>({ kind: _kind, ...rest }: T): Omit<T, 'kind'> => rest;

export function agentRepo(db: Db) {
  const definitions = definitionRepo(db);
  return {
    async register<D extends { name: string }>(tenantId: string, definition: D): Promise<{ record: AgentVersionRecord<D>; created: boolean }> {
      const { record, created } = await definitions.register(tenantId, KIND, definition.name, definition);
      return { record: withoutKind(record), created };
    },

    async list(tenantId: string): Promise<AgentSummary[]> {
      return (await definitions.list(tenantId, KIND)).map((d) => ({
        name: d.name, latestVersion: d.latestVersion, stableVersion: d.labels.stable, createdAt: d.createdAt, updatedAt: d.updatedAt,
      }));
    },

    async version<D>(tenantId: string, name: string, version?: number): Promise<AgentVersionRecord<D> | undefined> {
      const r = await definitions.version<D>(tenantId, KIND, name, version);
      return r && withoutKind(r);
    },

    async versions(tenantId: string, name: string): Promise<Array<Omit<AgentVersionRecord, 'definition'>>> {
      return (await definitions.versions(tenantId, KIND, name)).map(withoutKind);
    },
  };
}
