import { describe, expect, it } from 'vitest';
import { compileAllowlist, filterAllowedTools, globMatches, isDestructive, isToolAllowed, needsApproval, ToolGrant, type ToolDescriptor } from '../../services/mcp';
import { AgentDefinitionSchema } from '../../services/agents';

const tool = (server: string, name: string, annotations: ToolDescriptor['annotations'] = {}): ToolDescriptor => ({
  server,
  name,
  description: '',
  inputSchema: { type: 'object' },
  annotations,
});

describe('tool allowlist', () => {
  it('matches exact names, globs and whole servers', () => {
    const allowed = compileAllowlist([{ server: 'http', tools: ['fetch'] }, 'knowledge/search_*', 'github-*', { server: 'jira', tools: ['get_?ssue'] }]);
    expect(allowed('http', 'fetch')).toBe(true);
    expect(allowed('http', 'fetch_all')).toBe(false);
    expect(allowed('knowledge', 'search_docs')).toBe(true);
    expect(allowed('knowledge', 'delete_collection')).toBe(false);
    expect(allowed('github-enterprise', 'create_issue')).toBe(true);
    expect(allowed('jira', 'get_issue')).toBe(true);
    expect(allowed('jira', 'get_issues')).toBe(false);
    expect(allowed('other', 'fetch')).toBe(false);
  });

  it('refuses everything when nothing is granted and treats regex characters literally', () => {
    expect(isToolAllowed([], 'http', 'fetch')).toBe(false);
    expect(isToolAllowed(['a.b/c+d'], 'axb', 'c+d')).toBe(false);
    expect(isToolAllowed(['a.b/c+d'], 'a.b', 'c+d')).toBe(true);
    expect(isToolAllowed([{ server: 'http', tools: [] }], 'http', 'fetch')).toBe(false);
  });

  it('filters a tool list down to the granted tools', () => {
    const tools = [tool('http', 'fetch'), tool('http', 'post'), tool('kb', 'search')];
    expect(filterAllowedTools(['http/fetch', 'kb'], tools).map((t) => `${t.server}/${t.name}`)).toEqual(['http/fetch', 'kb/search']);
  });
});

describe('approval policy from annotations', () => {
  it('follows MCP defaults: destructive unless read-only or destructiveHint false', () => {
    expect(isDestructive(tool('s', 'a', { readOnlyHint: true }))).toBe(false);
    expect(isDestructive(tool('s', 'a', { destructiveHint: false }))).toBe(false);
    expect(isDestructive(tool('s', 'a', { destructiveHint: true }))).toBe(true);
    expect(isDestructive(tool('s', 'a', {}))).toBe(true);
  });

  it('lets the agent policy override the annotations', () => {
    const destructive = tool('pay', 'refund', { destructiveHint: true });
    const readOnly = tool('pay', 'get_balance', { readOnlyHint: true });
    expect(needsApproval(destructive)).toBe(true);
    expect(needsApproval(destructive, { 'pay/refund': 'never' })).toBe(false);
    expect(needsApproval(readOnly, { 'pay/*': 'always' })).toBe(true);
    expect(needsApproval(readOnly, { 'pay/get_*': 'auto', 'pay/*': 'always' })).toBe(false);
  });
});

describe('glob matching cost (finding 4a)', () => {
  it('matches a many-star glob against a long non-matching name promptly', () => {
    // As a regex (^.*a.*a…b$) this backtracks polynomially; the test timeout bounds it.
    const glob = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(20_000);
    expect(globMatches(glob, name)).toBe(false);
    expect(isToolAllowed([{ server: '*', tools: [glob] }], 's', name)).toBe(false);
    expect(globMatches(glob, `${name}b`)).toBe(true);
  });

  it('agrees with the regex reading of globs', () => {
    const cases: Array<[string, string, boolean]> = [
      ['*', '', true], ['', '', true], ['', 'a', false], ['a*', 'a', true], ['*a', 'ba', true], ['*a', 'ab', false],
      ['a?c', 'abc', true], ['a?c', 'ac', false], ['**x**', 'yxz', true], ['a*b*c', 'aXbYbZc', true], ['a*b*c', 'aXbYcZ', false],
    ];
    for (const [glob, name, expected] of cases) expect(globMatches(glob, name), `${glob} ~ ${name}`).toBe(expected);
  });

  it('refuses over-long grants', () => {
    expect(ToolGrant.safeParse('x'.repeat(257)).success).toBe(false);
    expect(AgentDefinitionSchema.safeParse({ name: 'a', instructions: 'x', model: 'm', tools: [{ server: 's', tools: ['x'.repeat(257)] }] }).success).toBe(false);
  });
});
