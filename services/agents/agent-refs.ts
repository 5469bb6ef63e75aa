// The agents a definition lists (`agents: [researcher, writer@3]`): checked at registration
// (each exists; none leads back to the agent being registered; the chain stays shallow) and
// resolved to the tools the model is offered.
import type { Store } from '../store';
import { invalid } from '../errors';
import { parseAgentRef, type AgentDefinition } from './definition';
import type { ChildAgentTool } from './run-types';

/** How deep agents may call agents (the registered agent's calls are level 1). */
export const MAX_AGENT_DEPTH = 4;

type Agents = Pick<Store['agents'], 'version'>;

export async function checkAgentRefs(agents: Agents, tenantId: string, definition: AgentDefinition): Promise<void> {
  const refs = definition.agents ?? [];
  const names = refs.map((r) => parseAgentRef(r).name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw invalid(`agents: ${dup} is listed twice`, { path: 'agents', agent: dup });
  const visited = new Set<string>();

  async function walk(list: string[], chain: string[], path: string): Promise<void> {
    for (const [i, ref] of list.entries()) {
      const at = `${path}[${i}]`;
      const { name, version } = parseAgentRef(ref);
      const via = [...chain, ref];
      if (name === definition.name) {
        throw invalid(`agents: ${via.join(' → ')} calls ${definition.name} again (agents may not call themselves, directly or through others)`, { path: at, chain: via });
      }
      if (via.length > MAX_AGENT_DEPTH + 1) throw invalid(`agents: ${via.join(' → ')} nests deeper than ${MAX_AGENT_DEPTH} levels`, { path: at, chain: via });
      const record = await agents.version<AgentDefinition>(tenantId, name, version);
      if (!record) throw invalid(`agents: unknown agent ${ref}${chain.length > 1 ? ` (via ${chain.join(' → ')})` : ''}`, { path: at, chain: via });
      const key = `${record.name}@${record.version}`;
      if (visited.has(key)) continue;
      visited.add(key);
      await walk(record.definition.agents ?? [], via, at);
    }
  }
  await walk(refs, [definition.name], 'agents');
}

/** The tools a run is offered for its agents, resolved now (a `name` without version: its current description). */
export async function childAgentTools(agents: Agents, tenantId: string, refs: string[] | undefined): Promise<ChildAgentTool[]> {
  const out: ChildAgentTool[] = [];
  for (const ref of refs ?? []) {
    const { name, version } = parseAgentRef(ref);
    const record = await agents.version<AgentDefinition>(tenantId, name, version);
    const description = record?.definition.description || `The agent ${name}: send it a task as "input"; it answers with text.`;
    out.push({ ref, toolName: `agent_${name}`.slice(0, 64), description });
  }
  return out;
}
