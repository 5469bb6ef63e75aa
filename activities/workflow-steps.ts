// The activities only registered workflows call: their run record at start, a `retrieve` step's
// search, expressions over values stored by reference, and a `workflow` step's child run input.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Store } from '../services/store';
import type { BlobStore } from '../services/blobs';
import { putJson } from '../services/blobs';
import { DomainError } from '../services/errors';
import { RetrievalUnavailableError, type Retriever } from '../services/retrieval';
import { setActivityTraceDetail } from '../services/tracing';
import { versionService } from '../services/versions';
import {
  checkInputs, evaluateExpression, renderTemplate, renderValue, workflowRunInput, parseVersionedName,
  type JsonValue, type StoredValue, type WorkflowDefinition,
} from '../services/workflows';
import type { AuditLog } from '../services/audit';
import type { StartWorkflowRunInput, WorkflowActivities } from './types';
import { loadStored } from './stored-values';

export interface WorkflowActivityDeps {
  store: Store;
  /** Where runs a schedule started are audited (the API audits the runs it starts). */
  audit?: AuditLog;
  blobs?: BlobStore;
  retriever?: Retriever;
}

const PREVIEW_CHARS = 2000;

/** The run's progress and outcome are recorded by the run activities the agents use (activities/runs.ts). */
export type WorkflowStepActivities = Omit<WorkflowActivities, 'recordRunProgress' | 'recordRunOutcome'>;

export function workflowActivities(deps: WorkflowActivityDeps): WorkflowStepActivities {
  const versions = versionService({ store: deps.store });

  /** A value above `inlineBytes` goes to the blob store; history gets its reference and a preview. */
  async function stored(value: JsonValue, inlineBytes: number): Promise<JsonValue | StoredValue> {
    const text = JSON.stringify(value);
    const bytes = Buffer.byteLength(text);
    if (bytes <= inlineBytes) return value;
    if (!deps.blobs) throw ApplicationFailure.nonRetryable('this worker has no blob store for large values', 'BlobsUnavailable');
    const preview = (typeof value === 'string' ? value : text).slice(0, Math.min(PREVIEW_CHARS, inlineBytes));
    // Texts are stored as text, like a model's answers: a model call takes them as message contents.
    if (typeof value === 'string') return { $blob: await deps.blobs.put(value), bytes: Buffer.byteLength(value), preview };
    return { $blob: await putJson(deps.blobs, value), bytes, preview, json: true };
  }

  /** Writes the record of a run started without the API; false when it exists (an earlier attempt, or two at once). */
  async function recordRun(input: StartWorkflowRunInput): Promise<boolean> {
    if (await deps.store.runs.get(input.tenantId, input.runId, { steps: false })) return false;
    try {
      await deps.store.runs.create({
        id: input.runId, tenantId: input.tenantId, kind: 'workflow', agentName: input.workflow.name, agentVersion: input.workflow.version,
        workflowId: input.workflowId, input: JSON.stringify(input.inputs), status: 'running',
        ...(input.versionReason ? { versionReason: input.versionReason } : {}),
        ...(input.parent ? { parent: input.parent } : {}),
        ...(input.resumedFrom ? { resumedFrom: input.resumedFrom } : {}),
      });
      return true;
    } catch (err) {
      if (await deps.store.runs.get(input.tenantId, input.runId, { steps: false })) return false;
      throw err;
    }
  }

  return {
    async startWorkflowRun(input) {
      const created = await recordRun(input);
      if (input.schedule) {
        // After the record, and idempotent by id: an attempt retried after a crash between the two appends it.
        await deps.audit?.append({
          id: `run.started:${input.runId}`, tenantId: input.tenantId, action: 'run.started',
          actor: { type: 'schedule', id: input.schedule.id }, target: { type: 'run', id: input.runId },
          details: { workflow: input.workflow.name, version: input.workflow.version, versionReason: input.versionReason },
        });
      }
      return { created };
    },

    async retrieveForStep(input) {
      if (!deps.retriever) throw ApplicationFailure.nonRetryable('this worker has no retriever', 'RetrievalUnavailable');
      let result;
      try {
        result = await deps.retriever.search(input.tenantId, {
          collection: input.collection, query: input.query, mode: input.mode, limit: input.topK, rerank: input.rerank,
          ...(input.documentId ? { documentIds: [input.documentId] } : {}),
        });
      } catch (err) {
        if (err instanceof RetrievalUnavailableError) throw ApplicationFailure.nonRetryable(err.message, 'RetrievalUnavailable');
        if (err instanceof DomainError && err.kind !== 'unavailable') throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
      const output = {
        query: input.query,
        mode: result.mode,
        reranked: result.reranked,
        results: result.chunks.map((c) => ({
          id: c.id, score: c.score, documentId: c.documentId, chunkIndex: c.chunkIndex, title: c.title, text: c.text,
          sourceUri: c.sourceUri, headingPath: c.headingPath, ...(c.page !== undefined ? { page: c.page } : {}), ...(c.modifiedAt ? { modifiedAt: c.modifiedAt } : {}),
        })),
      };
      try {
        setActivityTraceDetail(Context.current(), { retrieval: { query: input.query, collection: input.collection, results: output.results } });
      } catch {
        // called outside an activity: nothing traces it
      }
      return stored(output as unknown as JsonValue, input.inlineBytes);
    },

    async evaluateForStep(input) {
      if (!deps.blobs) throw ApplicationFailure.nonRetryable('this worker has no blob store for large values', 'BlobsUnavailable');
      const context = (await loadStored(input.context, deps.blobs)) as Record<string, unknown>;
      const out: Array<JsonValue | StoredValue> = [];
      for (const e of input.evaluations) {
        let value: JsonValue;
        try {
          value = e.kind === 'expression' ? evaluateExpression(String(e.source), context)
            : e.kind === 'template' ? renderTemplate(String(e.source), context)
            : renderValue(e.source as JsonValue, context);
        } catch (err) {
          throw ApplicationFailure.nonRetryable((err as Error).message, 'expression_error');
        }
        out.push(input.inline ? value : await stored(value, input.inlineBytes));
      }
      return out;
    },

    async prepareChildWorkflow(input) {
      const { name, version } = parseVersionedName(input.ref);
      const existing = await deps.store.runs.get(input.tenantId, input.childRunId);
      let resolved;
      try {
        // A retried call keeps the version it resolved.
        resolved = await versions.resolve<WorkflowDefinition>(input.tenantId, 'workflow', name, input.childRunId, existing?.agentVersion ?? version);
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'not_found') throw ApplicationFailure.nonRetryable(err.message, 'ChildWorkflowUnavailable');
        throw err;
      }
      let inputs: Record<string, JsonValue>;
      try {
        inputs = checkInputs(resolved.record.definition, input.inputs);
      } catch (err) {
        throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidInputs');
      }
      return workflowRunInput({
        runId: input.childRunId, tenantId: input.tenantId, name: resolved.record.name, version: resolved.record.version,
        definition: resolved.record.definition, inputs, priority: input.priority, versionReason: resolved.pick.reason,
        settings: input.settings, defaultDeadlineSeconds: input.limits.deadlineSeconds, cap: input.limits, parent: input.parent, depth: input.depth,
      });
    },
  };
}

