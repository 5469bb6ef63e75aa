// What a request needs from a deployment (`Capability`), checked once per call before planning:
// deployments that cannot honour a parameter are left out of the plan, and when none is left the
// call is refused with `unsupported_parameter` naming the parameter and the deployments — a
// parameter is never dropped silently. Content parts are also checked against the media limits.
import { assertTenantSchema } from '../../json-schema';
import type { Capability, RouterConfig } from '../config';
import { RouterError } from '../errors';
import type { ChatRequest, EmbedRequest } from '../types';
import type { Tier } from './plan';
import type { DeploymentRuntime } from './pool';

/** The request parameter a capability stands for, as an OpenAI client wrote it. */
const PARAM: Record<Capability, string> = {
  n: 'n', seed: 'seed', presence_penalty: 'presence_penalty', frequency_penalty: 'frequency_penalty', logprobs: 'logprobs',
  parallel_tool_calls: 'parallel_tool_calls', stop: 'stop', user: 'user', top_k: 'top_k', response_format: 'response_format',
  response_format_with_tools: 'response_format (together with tools)', tool_choice_named: 'tool_choice (a named function)',
  image_url_http: 'image_url (an http(s) URL)', image_url_data: 'image_url (a data: URL)', file: 'file (document content part)',
  dimensions: 'dimensions',
};

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?(;[^,]*)?;base64,/i;

/** Decoded size of a base64 `data:` URL's payload, without decoding it. */
function dataUrlBytes(url: string): number {
  const m = DATA_URL.exec(url);
  if (!m) throw new RouterError('validation', 'content part: expected a base64 data: URL (data:<media type>;base64,…)');
  const b64 = url.length - m[0].length;
  const pad = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0;
  return Math.floor((b64 * 3) / 4) - pad;
}

function checkResponseFormat(req: ChatRequest): void {
  const f = req.responseFormat;
  if (f?.type !== 'json_schema') return;
  try {
    assertTenantSchema(f.schema, 'response_format.json_schema.schema');
  } catch (err) {
    throw new RouterError('validation', (err as Error).message);
  }
}

/** The capabilities a chat request needs; throws `validation` for content beyond the media limits. */
export function chatNeeds(req: ChatRequest, media: RouterConfig['media']): Capability[] {
  const needs = new Set<Capability>();
  const g = req.generation;
  if (req.n !== undefined && req.n > 1) needs.add('n');
  if (g?.seed !== undefined) needs.add('seed');
  if (g?.presencePenalty !== undefined) needs.add('presence_penalty');
  if (g?.frequencyPenalty !== undefined) needs.add('frequency_penalty');
  if (g?.logprobs || g?.topLogprobs !== undefined) needs.add('logprobs');
  if (g?.stopSequences?.length) needs.add('stop');
  if (req.parallelToolCalls !== undefined) needs.add('parallel_tool_calls');
  if (req.endUser !== undefined && !req.endUserOptional) needs.add('user');
  if (g?.topK !== undefined) needs.add('top_k');
  if (req.responseFormat) {
    checkResponseFormat(req);
    needs.add('response_format');
    if (req.tools?.length) needs.add('response_format_with_tools');
  }
  if (typeof req.toolChoice === 'object') {
    if (!req.tools?.some((t) => t.name === (req.toolChoice as { name: string }).name))
      throw new RouterError('validation', `tool_choice names '${req.toolChoice.name}', which is not one of the request's tools`);
    needs.add('tool_choice_named');
  }
  let parts = 0;
  for (const m of req.messages) {
    if (m.role !== 'user' || !m.parts) continue;
    for (const p of m.parts) {
      if (p.type === 'text') continue;
      if (++parts > media.maxPartsPerRequest) throw new RouterError('validation', `more than ${media.maxPartsPerRequest} image and file parts in one request`);
      if (p.type === 'image') {
        if (/^https?:\/\//i.test(p.url)) {
          needs.add('image_url_http');
          continue;
        }
        const bytes = dataUrlBytes(p.url);
        if (bytes > media.maxImageBytes) throw new RouterError('validation', `image_url: ${bytes} bytes is over the ${media.maxImageBytes}-byte limit per image`);
        needs.add('image_url_data');
      } else {
        const bytes = dataUrlBytes(p.data);
        if (bytes > media.maxDocumentBytes) throw new RouterError('validation', `file: ${bytes} bytes is over the ${media.maxDocumentBytes}-byte limit per document`);
        needs.add('file');
      }
    }
  }
  return [...needs];
}

export const embedNeeds = (req: EmbedRequest): Capability[] => (req.dimensions !== undefined ? ['dimensions'] : []);

/** The tiers without deployments lacking a needed capability; refuses the call when none is left. */
export function tiersSupporting(tiers: Tier[], needs: readonly Capability[], caps: (rt: DeploymentRuntime) => ReadonlySet<Capability>): Tier[] {
  if (!needs.length) return tiers;
  const kept: Tier[] = [];
  const missing = new Map<Capability, string[]>();
  for (const t of tiers) {
    const deployments = t.deployments.filter((rt) => {
      const lacks = needs.filter((c) => !caps(rt).has(c));
      for (const c of lacks) missing.set(c, [...(missing.get(c) ?? []), rt.dep.id]);
      return !lacks.length;
    });
    if (deployments.length) kept.push({ model: t.model, deployments });
  }
  if (kept.length) return kept;
  const [cap, deps] = [...missing.entries()][0];
  const others = [...missing.keys()].slice(1).map((c) => PARAM[c]);
  throw new RouterError('unsupported_parameter',
    `'${PARAM[cap]}' is not supported by deployment${deps.length > 1 ? 's' : ''} ${deps.map((d) => `'${d}'`).join(', ')}` +
    (others.length ? ` (nor: ${others.join(', ')})` : ''), { param: PARAM[cap] });
}
