// Registering workflow definitions: the offline checks and the tenant's (agents, tools,
// collections, models, workflows it names), all or nothing, then an immutable version in the
// versioned definitions (kind `workflow`) and the traffic the registration asked for.
import type { Store, DefinitionVersionRecord } from '../store';
import type { AuditActor, AuditLog } from '../audit';
import { invalid, notFound, parseInput } from '../errors';
import { CanaryPercentSchema, labelsView, versionService, type Labels, type RegisterTraffic } from '../versions';
import type { WorkflowDefinition } from './definition';
import { definitionOrThrow, validateForTenant, type TenantChecks } from './validate';

const KIND = 'workflow';
const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

export type WorkflowVersionRecord = Omit<DefinitionVersionRecord<WorkflowDefinition>, 'kind'>;

export interface WorkflowSummary {
  name: string;
  latestVersion: number;
  labels: Labels;
  createdAt: string;
  updatedAt: string;
}

const withoutKind = <T extends { kind: string }>({ kind: _kind, ...rest }: T): Omit<T, 'kind'> => rest;

export function workflowRegistry(deps: {
  store: Store; audit?: AuditLog; checks: (tenantId: string) => TenantChecks;
  /** After every registration and label change: make the workflow's Temporal Schedules match (schedules.ts). */
  reconcileSchedules?: (tenantId: string, name: string) => Promise<unknown>;
}) {
  const { store, audit } = deps;
  const versions = versionService({ store, audit });

  async function get(tenantId: string, name: string, version?: number): Promise<WorkflowVersionRecord> {
    const record = await store.definitions.version<WorkflowDefinition>(tenantId, KIND, name, version);
    if (!record) throw notFound(version ? `workflow ${name} version ${version}` : `workflow ${name}`);
    return withoutKind(record);
  }

  return {
    /**
     * `definition`: YAML or JSON text (errors then carry line:column), or a parsed value. Every
     * error refuses the whole definition (`invalid_workflow`, each error with path, step and
     * position) and nothing is saved. The first version of a name becomes stable; later ones take
     * no runs unless `traffic` says so, or until promoted, canaried or pinned.
     */
    async register(tenantId: string, definition: string | unknown, actor: AuditActor = SYSTEM, traffic: RegisterTraffic = {}) {
      if (traffic.canary !== undefined) parseInput(CanaryPercentSchema, traffic.canary, 'canary percent');
      if (traffic.stable && traffic.canary !== undefined) throw invalid('register with stable or with a canary, not both');
      const valid = definitionOrThrow(await validateForTenant(definition, deps.checks(tenantId)));
      const { record, created } = await store.definitions.register(tenantId, KIND, valid.name, valid);
      if (created) {
        await audit?.append({
          tenantId, action: 'workflow.registered', actor,
          target: { type: KIND, id: `${record.name}@${record.version}` },
          details: { name: record.name, version: record.version, digest: record.digest },
        });
      }
      const labels = await versions.applyRegisterTraffic(tenantId, KIND, record.name, record.version, traffic, actor)
        ?? await versions.labels(tenantId, KIND, record.name);
      // Also after an unchanged registration: registering again repairs schedules a failure left behind.
      await deps.reconcileSchedules?.(tenantId, record.name);
      return { workflow: withoutKind(record), created, labels };
    },

    /** Every workflow of the tenant with the labels that route its runs. */
    async list(tenantId: string): Promise<WorkflowSummary[]> {
      return (await store.definitions.list(tenantId, KIND)).map((s) => ({
        name: s.name, latestVersion: s.latestVersion, labels: labelsView(s.labels), createdAt: s.createdAt, updatedAt: s.updatedAt,
      }));
    },

    /** One version, or the latest without `version`. */
    get,
  };
}
export type WorkflowRegistry = ReturnType<typeof workflowRegistry>;
