// Bedrock provider (Converse / ConverseStream through @aws-sdk/client-bedrock-runtime).
import type { Deployment } from '../../config';
import { RouterError } from '../../errors';
import type { Provider } from '../types';

export function createBedrockProvider(dep: Deployment): Provider {
  throw new RouterError('validation', `bedrock deployment '${dep.id}': provider not wired yet`, { retryable: false });
}
