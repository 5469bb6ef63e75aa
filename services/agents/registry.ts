// Registering agent definitions: validated, versioned, immutable.
import type { Store } from '../store';
import { parseOr400, notFound } from '../api/errors';
import { AgentDefinitionSchema, type AgentDefinition } from './definition';

export function agentRegistry(store: Store) {
  return {
    async register(tenantId: string, body: unknown) {
      const definition = parseOr400(AgentDefinitionSchema, body, 'agent definition');
      const { record, created } = await store.agents.register<AgentDefinition>(tenantId, definition);
      return { agent: record, created };
    },
    list: (tenantId: string) => store.agents.list(tenantId),
    async get(tenantId: string, name: string, version?: number) {
      const record = await store.agents.version<AgentDefinition>(tenantId, name, version);
      if (!record) throw notFound(version ? `agent ${name} version ${version}` : `agent ${name}`);
      return record;
    },
    async versions(tenantId: string, name: string) {
      const versions = await store.agents.versions(tenantId, name);
      if (versions.length === 0) throw notFound(`agent ${name}`);
      return versions;
    },
  };
}
export type AgentRegistry = ReturnType<typeof agentRegistry>;
