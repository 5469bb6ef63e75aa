// Provider registry: one folder per provider, each exposing the same Provider interface and a
// table of the optional request parameters it can honour.
import type { Capability, Deployment } from '../config';
import { createBedrockProvider } from './bedrock';
import { bedrockCapabilities } from './bedrock/capabilities';
import { createOpenAIProvider } from './openai';
import { openaiCapabilities } from './openai/capabilities';
import type { Provider } from './types';

export function createProvider(dep: Deployment): Provider {
  switch (dep.provider) {
    case 'openai':
      return createOpenAIProvider(dep);
    case 'bedrock':
      return createBedrockProvider(dep);
  }
}

/** The provider's table for this model, with the deployment's own overrides applied. */
export function capabilitiesOf(dep: Deployment): ReadonlySet<Capability> {
  const base = dep.provider === 'openai' ? openaiCapabilities(dep.model) : bedrockCapabilities(dep.model);
  const caps = new Set(base);
  for (const [name, on] of Object.entries(dep.capabilities ?? {}) as Array<[Capability, boolean]>) {
    if (on) caps.add(name);
    else caps.delete(name);
  }
  return caps;
}
