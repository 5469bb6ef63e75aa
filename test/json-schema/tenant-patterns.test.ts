// Finding 4a: a tenant's JSON Schema `pattern` runs on RE2 (linear time) or is refused.
import { describe, expect, it } from 'vitest';
import { assertTenantSchema, compileSchemaCheck } from '../../services/json-schema';
import { DomainError } from '../../services/errors';
import { agentRegistry } from '../../services/agents';
import { compileArgsCheck } from '../../services/mcp/validate-args';

const evil = '^(a+)+$';
const attack = `${'a'.repeat(40)}!`;

describe('tenant JSON Schema patterns', () => {
  it('evaluates a catastrophic-backtracking pattern with RE2 semantics, promptly', () => {
    // On a backtracking engine this input takes 2^40 steps; the test timeout bounds it.
    const check = compileSchemaCheck({ type: 'string', pattern: evil });
    expect(check(attack).valid).toBe(false);
    expect(check('aaaa').valid).toBe(true);
  });

  it('applies RE2 to patternProperties too', () => {
    const check = compileSchemaCheck({ type: 'object', patternProperties: { [evil]: { type: 'number' } } });
    expect(check({ [attack]: 'not a number' }).valid).toBe(true);
    expect(check({ aaaa: 'not a number' }).valid).toBe(false);
  });

  it('checks MCP tool arguments with RE2 too', () => {
    const check = compileArgsCheck('t', { type: 'object', properties: { q: { type: 'string', pattern: evil } } });
    expect(check({ q: attack })).toMatch(/Invalid arguments/);
    expect(check({ q: 'aa' })).toBeNull();
  });

  it('refuses a pattern RE2 cannot run, naming its path', () => {
    for (const [schema, path] of [
      [{ properties: { code: { type: 'string', pattern: '(a)\\1' } } }, 'outputSchema.properties.code.pattern'],
      [{ patternProperties: { '^(?=x)': {} } }, 'outputSchema.patternProperties["^(?=x)"]'],
      [{ items: [{ pattern: '(?<!a)b' }] }, 'outputSchema.items[0].pattern'],
    ] as const) {
      let error: unknown;
      try {
        assertTenantSchema(schema, 'outputSchema');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).message.startsWith(`${path}:`)).toBe(true);
    }
  });

  it('keeps ordinary patterns and data that merely looks like a pattern', () => {
    expect(() => assertTenantSchema({ properties: { id: { pattern: '^[A-Z]{2}-\\d+$' } }, default: { pattern: '(a)\\1' } }, 'outputSchema')).not.toThrow();
    expect(compileSchemaCheck({ pattern: '^[A-Z]{2}-\\d+$' })('AB-12').valid).toBe(true);
  });

  it('refuses such an agent at registration', async () => {
    const stored: unknown[] = [];
    const store = {
      agents: { register: async (_t: string, d: unknown) => (stored.push(d), { record: d, created: true }) },
      // Registration answers with the name's labels.
      definitions: { summary: async () => ({ labels: { stable: 1, previousStable: [], canary: null, pinned: null } }) },
    };
    const registry = agentRegistry(store as never);
    const body = { name: 'a', instructions: 'x', model: 'm', outputSchema: { type: 'object', properties: { v: { type: 'string', pattern: '(x)\\1' } } } };
    await expect(registry.register('t', body)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^outputSchema\.properties\.v\.pattern:/) });
    expect(stored).toHaveLength(0);
    await registry.register('t', { ...body, outputSchema: { type: 'string', pattern: evil } });
    expect(stored).toHaveLength(1);
  });
});
