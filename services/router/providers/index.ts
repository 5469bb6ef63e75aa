// Provider registry: one folder per provider, each exposing the same Provider interface.
import type { Deployment } from '../config';
import { createBedrockProvider } from './bedrock';
import { createOpenAIProvider } from './openai';
import type { Provider } from './types';

export function createProvider(dep: Deployment): Provider {
  switch (dep.provider) {
    case 'openai':
      return createOpenAIProvider(dep);
    case 'bedrock':
      return createBedrockProvider(dep);
  }
}
