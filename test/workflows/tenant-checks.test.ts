// The tenant checks' own rules: built-in servers listed in-process, one listing per server and one
// collection listing per registration, and a slow or failing source named in the error within the
// time bound instead of hanging registration or answering 500.
import { describe, expect, it } from 'vitest';
import { McpServerSpec, type ToolDescriptor } from '../../services/mcp';
import { tenantChecks, validateForTenant, type TenantCheckSources } from '../../services/workflows';

const tool = (server: string, name: string) => ({ server, name, description: '', inputSchema: {} }) as unknown as ToolDescriptor;
const helpdesk = McpServerSpec.parse({ name: 'helpdesk', transport: 'http', url: 'http://helpdesk.invalid/mcp' });

function sources(overrides: Partial<TenantCheckSources> = {}) {
  const calls = { listTools: 0, collections: 0, builtin: 0 };
  const s: TenantCheckSources = {
    definitions: { version: async (_t, kind, name) => (kind === 'agent' && name === 'triage' ? ({} as never) : undefined) },
    models: () => ['default'],
    collections: async () => (calls.collections++, ['handbook']),
    builtinServers: { has: (n) => n === 'knowledge', listTools: async (n) => (calls.builtin++, [tool(n, 'search')]) },
    resolveServer: async (_t, name) => (name === 'helpdesk' ? helpdesk : undefined),
    pool: { listTools: async () => (calls.listTools++, [tool('helpdesk', 'create_ticket')]) },
    ...overrides,
  };
  return { s, calls };
}

const def = (steps: unknown[]) => ({ name: 'wf', steps });
const toolStep = (id: string, server: string, name: string) => ({ id, kind: 'tool', server, tool: name });

describe('tenantChecks', () => {
  it('lists each server and the collections once, built-in servers in-process', async () => {
    const { s, calls } = sources();
    const r = await validateForTenant(def([
      toolStep('a', 'helpdesk', 'create_ticket'), toolStep('b', 'helpdesk', 'close_ticket'), toolStep('c', 'knowledge', 'search'),
      { id: 'd', kind: 'retrieve', collection: 'handbook', query: 'q' }, { id: 'e', kind: 'retrieve', collection: 'other', query: 'q' },
    ]), tenantChecks(s, 'acme'));
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'steps[1].tool: no tool "close_ticket" on MCP server "helpdesk"',
      'steps[4].collection: unknown collection "other"',
    ]);
    expect(calls).toEqual({ listTools: 1, collections: 1, builtin: 1 });
  });

  it('names a source that does not answer in time, or fails, instead of hanging or throwing', async () => {
    const { s } = sources({
      timeoutMs: 50,
      pool: { listTools: () => new Promise(() => {}) },
      collections: async () => { throw new Error('vector store is down\nstack…'); },
      definitions: { version: () => new Promise(() => {}) },
    });
    const started = Date.now();
    const r = await validateForTenant(def([
      toolStep('a', 'helpdesk', 'create_ticket'),
      { id: 'b', kind: 'retrieve', collection: 'handbook', query: 'q' },
      { id: 'c', kind: 'agent', agent: 'triage', input: 'x' },
    ]), tenantChecks(s, 'acme'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'steps[0].tool: MCP server "helpdesk" did not answer within 0.1s',
      'steps[1].collection: the vector store could not be checked: vector store is down',
      'steps[2].agent: the agent registry did not answer within 0.1s',
    ]);
  });

  it('answers agents and models from their sources', async () => {
    const { s } = sources();
    const r = await validateForTenant(def([
      { id: 'a', kind: 'agent', agent: 'triage', input: 'x' }, { id: 'b', kind: 'agent', agent: 'ghost@2', input: 'x' },
      { id: 'c', kind: 'llm', model: 'default', prompt: 'p' }, { id: 'd', kind: 'llm', model: 'huge', prompt: 'p' },
    ]), tenantChecks(s, 'acme'));
    expect(r.errors.map((e) => e.message)).toEqual(['unknown agent "ghost@2"', 'unknown model "huge"']);
  });
});
