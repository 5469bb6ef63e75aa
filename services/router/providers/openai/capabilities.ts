// What an OpenAI-compatible server (vLLM first) does with the optional chat and embedding
// parameters: vLLM accepts every one of them by its OpenAI name, so all are forwarded. It has no
// `file` content parts. A deployment's `capabilities` in keel.yaml narrows this for other servers
// (Ollama has no `n`, an embedding model without Matryoshka weights has no `dimensions`).
import type { Capability } from '../../config';

const OPENAI_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'n', 'seed', 'presence_penalty', 'frequency_penalty', 'logprobs', 'parallel_tool_calls', 'stop', 'user', 'top_k',
  'response_format', 'response_format_with_tools', 'tool_choice_named', 'image_url_http', 'image_url_data', 'dimensions',
]);

export const openaiCapabilities = (_model: string): ReadonlySet<Capability> => OPENAI_CAPABILITIES;
