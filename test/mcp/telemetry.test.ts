// MCP metrics: calls by outcome, durations, connects and reconnects (a restarted stdio server).
import { Registry } from 'prom-client';
import { afterAll, expect, it } from 'vitest';
import { createMcpPool } from '../../services/mcp';
import { stdioSpec } from './helpers';

const registry = new Registry();
const pool = createMcpPool({ metricsRegistry: registry });
afterAll(() => pool.close());

const value = async (name: string, labels: Record<string, string>) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = (metric?.values ?? []).find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
  return sample?.value ?? 0;
};

it('counts calls by outcome, times them, and counts server restarts', async () => {
  const spec = stdioSpec('metered');
  await pool.callTool(spec, 'echo', { text: 'a' }, { idempotencyKey: 'm1' });
  await pool.callTool(spec, 'echo', { text: 'b' }, { idempotencyKey: 'm2' });
  await pool.callTool(spec, 'fail', {}, { idempotencyKey: 'm3' });
  await pool.callTool(spec, 'add', { a: 'x' }, { idempotencyKey: 'm4' });
  await pool.callTool(spec, 'nope', {}, { idempotencyKey: 'm5' });
  const pid = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'm6' })).content);
  process.kill(pid, 'SIGKILL');
  await pool.callTool(spec, 'echo', { text: 'c' }, { idempotencyKey: 'm7' });

  expect(await value('keel_mcp_tool_calls_total', { server: 'metered', tool: 'echo', outcome: 'ok' })).toBe(3);
  expect(await value('keel_mcp_tool_calls_total', { server: 'metered', tool: 'fail', outcome: 'tool_error' })).toBe(1);
  expect(await value('keel_mcp_tool_calls_total', { server: 'metered', tool: 'add', outcome: 'invalid_arguments' })).toBe(1);
  expect(await value('keel_mcp_tool_calls_total', { server: 'metered', tool: 'nope', outcome: 'unknown_tool' })).toBe(1);
  const text = await registry.getSingleMetricAsString('keel_mcp_tool_call_duration_seconds');
  expect(text).toMatch(/keel_mcp_tool_call_duration_seconds_count\{server="metered",transport="stdio"\} 5/);
  expect(await value('keel_mcp_connects_total', { server: 'metered', reason: 'first' })).toBe(1);
  expect(await value('keel_mcp_connects_total', { server: 'metered', reason: 'reconnect' })).toBe(1);
});
