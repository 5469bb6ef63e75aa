// What Bedrock Converse can do with the optional chat parameters: `stop` maps to stopSequences,
// a named tool_choice to toolChoice.tool, response_format to a forced tool, images given as
// `data:` URLs to image blocks and `file` parts to document blocks. Converse has no `n`, seed,
// penalties, logprobs, parallel_tool_calls or end-user field, and cannot fetch image URLs, so
// those are refused. `top_k` reaches Anthropic models only (as a model-specific request field).
// Embeddings: only Titan Text Embeddings v2 takes `dimensions`.
import type { Capability } from '../../config';
import { isAnthropicModel } from './request';

const CONVERSE: Capability[] = ['stop', 'response_format', 'tool_choice_named', 'image_url_data', 'file'];

export function bedrockCapabilities(model: string): ReadonlySet<Capability> {
  const caps = new Set<Capability>(CONVERSE);
  if (model.includes('titan-embed-text-v2')) caps.add('dimensions');
  if (isAnthropicModel(model)) caps.add('top_k');
  return caps;
}
