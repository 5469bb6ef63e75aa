// Registering agent definitions: validated, versioned, immutable.
import type { Store } from '../store';
import { parseInput, notFound, invalid } from '../errors';
import { assertTenantSchema } from '../json-schema';
import type { AuditLog, AuditActor } from '../audit';
import { CanaryPercentSchema, versionService, type RegisterTraffic } from '../versions';
import { AgentDefinitionSchema, type AgentDefinition } from './definition';
import { checkAgentRefs } from './agent-refs';

export function agentRegistry(store: Store, audit?: AuditLog) {
  const versions = versionService({ store, audit });
  return {
    /**
     * The first version of a name becomes stable. Later ones take no traffic unless `traffic` says
     * so (stable, or a canary with a share of runs), or until promoted, canaried or pinned.
     */
    async register(tenantId: string, body: unknown, actor: AuditActor = { type: 'system', id: 'keel' }, traffic: RegisterTraffic = {}) {
      const definition = parseInput(AgentDefinitionSchema, body, 'agent definition');
      if (definition.outputSchema) assertTenantSchema(definition.outputSchema, 'outputSchema');
      if (traffic.canary !== undefined) parseInput(CanaryPercentSchema, traffic.canary, 'canary percent');
      if (traffic.stable && traffic.canary !== undefined) throw invalid('register with stable or with a canary, not both');
      await checkAgentRefs(store.agents, tenantId, definition);
      const { record, created } = await store.agents.register<AgentDefinition>(tenantId, definition);
      if (created) {
        await audit?.append({
          tenantId, action: 'agent.registered', actor,
          target: { type: 'agent', id: `${record.name}@${record.version}` },
          details: { name: record.name, version: record.version, digest: record.digest },
        });
      }
      const labels = await versions.applyRegisterTraffic(tenantId, 'agent', record.name, record.version, traffic, actor)
        ?? await versions.labels(tenantId, 'agent', record.name);
      return { agent: record, created, labels };
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
