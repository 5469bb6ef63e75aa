// callModel: one model turn through the router. Failures leave as typed Temporal failures.
import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import { errorKindPolicy, modelFailureType, toRouterErrorInfo, type ChatResponse, type ModelRouter } from '../services/router';
import { compileSchemaCheck } from '../services/json-schema';
import { withHeartbeat } from './heartbeat';
import { replayTraceCache, replayedModelResponse, type ReplayTraces } from './replay';
import { CallModelInput, type AgentActivities } from './types';

const noReplays = replayTraceCache(undefined);

export function modelActivities(deps: { router: ModelRouter; replayTraces?: ReplayTraces }): Pick<AgentActivities, 'callModel'> {
  const replayTraces = deps.replayTraces ?? noReplays;
  return {
    async callModel(raw) {
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
    // The router has already failed over and retried; Temporal tries again only kinds that can pass with time.
    throw ApplicationFailure.create({
      type: modelFailureType(info.kind),
      message: `${info.kind}: ${info.message}`,
      nonRetryable: !errorKindPolicy(info.kind).retryLater,
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
