// callModel: one model turn through the router. Failures leave as typed Temporal failures.
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { ChatRequestSchema, PrioritySchema, type ChatResponse, type ModelRouter } from '../services/router/types';
import { toRouterErrorInfo } from '../services/router/errors';
import { ReplayCallSchema } from '../services/replay/types';
import { compileSchemaCheck } from '../services/json-schema';
import { withHeartbeat } from './heartbeat';
import { replayTraceCache, replayedModelResponse, type ReplayTraces } from './replay';

export const CallModelInput = z.object({
  tenantId: z.string(),
  runId: z.string(),
  step: z.number().int().nonnegative(),
  priority: PrioritySchema,
  request: ChatRequestSchema,
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  /** Set on replay runs: `exact` answers from the original trace instead of the model. */
  replay: ReplayCallSchema.optional(),
});
export type CallModelInput = z.input<typeof CallModelInput>;

export type CallModelResult = ChatResponse & { parsedOutput?: unknown; outputError?: string };

const noReplays = replayTraceCache(undefined);

export function modelActivities(deps: { router: ModelRouter; replayTraces?: ReplayTraces }) {
  const replayTraces = deps.replayTraces ?? noReplays;
  return {
    async callModel(raw: CallModelInput): Promise<CallModelResult> {
      const input = CallModelInput.parse(raw);
      const response =
        input.replay?.mode === 'exact'
          ? await replayedModelResponse(replayTraces, input.runId, input.replay, input.step)
          : await routed(deps.router, input);
      if (!input.outputSchema || response.toolCalls.length > 0) return response;
      return { ...response, ...checkOutput(response.content, input.outputSchema) };
    },
  };
}

async function routed(router: ModelRouter, input: z.output<typeof CallModelInput>): Promise<ChatResponse> {
  try {
    return await withHeartbeat((signal) =>
      router.chat(input.request, { tenantId: input.tenantId, priority: input.priority, signal, traceId: input.runId }),
    );
  } catch (err) {
    const info = toRouterErrorInfo(err);
    throw ApplicationFailure.create({
      type: info.retryable ? `ModelUnavailable` : 'ModelRequestRejected',
      message: `${info.kind}: ${info.message}`,
      nonRetryable: !info.retryable,
      details: [{ kind: info.kind, deployment: info.deployment }],
    });
  }
}

function checkOutput(content: string, schema: Record<string, unknown>): { parsedOutput?: unknown; outputError?: string } {
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { outputError: 'the answer must be JSON matching the output schema' };
  }
  let result: ReturnType<ReturnType<typeof compileSchemaCheck>>;
  try {
    result = compileSchemaCheck(schema)(parsed);
  } catch (err) {
    // Registered before patterns were checked at registration (e.g. a lookaround RE2 refuses).
    return { outputError: `the output schema cannot be used: ${(err as Error).message}` };
  }
  return result.valid ? { parsedOutput: parsed } : { outputError: `the answer does not match the output schema: ${result.errorMessage}` };
}
