// Registering agent definitions: validated, versioned, immutable.
import type { Store } from '../store';
import { parseInput, notFound } from '../errors';
import { assertTenantSchema } from '../json-schema';
import type { AuditLog, AuditActor } from '../audit';
import { AgentDefinitionSchema, type AgentDefinition } from './definition';
import { checkAgentRefs } from './agent-refs';

export function agentRegistry(store: Store, audit?: AuditLog) {
  return {
    async register(tenantId: string, body: unknown, actor: AuditActor = { type: 'system', id: 'keel' }) {
      const definition = parseInput(AgentDefinitionSchema, body, 'agent definition');
      if (definition.outputSchema) assertTenantSchema(definition.outputSchema, 'outputSchema');
      await checkAgentRefs(store.agents, tenantId, definition);
      const { record, created } = await store.agents.register<AgentDefinition>(tenantId, definition);
      if (created) {
        await audit?.append({
          tenantId, action: 'agent.registered', actor,
          target: { type: 'agent', id: `${record.name}@${record.version}` },
          details: { name: record.name, version: record.version, digest: record.digest },
        });
      }
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
