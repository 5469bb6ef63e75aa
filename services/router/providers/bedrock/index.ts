// Bedrock provider: Converse / ConverseStream, InvokeModel embeddings and the Rerank API, all
// through the AWS SDK. Region and endpoint come from the deployment; credentials from the
// standard AWS chain (env, shared config, SSO, IMDS / container role). The SDK's own retries
// are off: failover and backoff belong to the router.
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { Deployment } from '../../config';
import { RouterError } from '../../errors';
import type { ChatRequest } from '../../types';
import type { CallContext, Provider, ProviderStreamEvent } from '../types';
import { bedrockEmbed, bedrockRerank } from './embeddings';
import { classifyBedrockError } from './errors';
import { prefillOf, responseTool, toConverseInput } from './request';
import { fromConverseOutput } from './response';
import { fromConverseStream } from './stream';

const answerToolOf = (req: ChatRequest) => (req.responseFormat ? responseTool(req.responseFormat).toolSpec!.name : undefined);

export function createBedrockProvider(dep: Deployment): Provider {
  // Options for the SDK's default NodeHttp2Handler. Converse calls are independent requests, so
  // they may share HTTP/2 sessions (the SDK default opens one session per call).
  const handler = () => ({ requestTimeout: dep.timeoutMs, sessionTimeout: 60_000, disableConcurrentStreams: false });
  const common = { region: dep.region ?? process.env.AWS_REGION ?? 'us-east-1', endpoint: dep.endpoint, maxAttempts: 1 };
  const runtime = new BedrockRuntimeClient({ ...common, requestHandler: handler() });
  let agentRuntime: BedrockAgentRuntimeClient | undefined;
  const fail = (err: unknown): never => {
    throw classifyBedrockError(err, dep.id);
  };

  return {
    async chat(req, ctx: CallContext) {
      const out = await runtime.send(new ConverseCommand(toConverseInput(req, dep.model, ctx.continuation)), { abortSignal: ctx.signal }).catch(fail);
      return fromConverseOutput(out, answerToolOf(req));
    },
    async *chatStream(req, ctx: CallContext): AsyncGenerator<ProviderStreamEvent> {
      const out = await runtime.send(new ConverseStreamCommand(toConverseInput(req, dep.model, ctx.continuation)), { abortSignal: ctx.signal }).catch(fail);
      if (!out.stream) throw new RouterError('model_error', 'ConverseStream returned no stream', { deployment: dep.id });
      const skip = ctx.continuation ? prefillOf(ctx.continuation.prefix).trimmed : '';
      try {
        yield* fromConverseStream(out.stream, dep.id, skip, answerToolOf(req));
      } catch (err) {
        fail(err);
      }
    },
    async embed(req, ctx) {
      return bedrockEmbed(runtime, dep.model, req, ctx.signal).catch(fail);
    },
    async rerank(req, ctx) {
      agentRuntime ??= new BedrockAgentRuntimeClient({ ...common, requestHandler: handler() });
      const arn = dep.rerankModelArn ?? (dep.model.startsWith('arn:') ? dep.model : `arn:aws:bedrock:${common.region}::foundation-model/${dep.model}`);
      return bedrockRerank(agentRuntime, arn, req, ctx.signal).catch(fail);
    },
    async close() {
      runtime.destroy();
      agentRuntime?.destroy();
    },
  };
}
