// Prometheus metrics of MCP tool use. Metrics register once per registry, so several pools in one
// process (tests, API + worker) share them instead of failing on duplicate names.
import { Counter, Histogram, register as globalRegistry, type Registry } from 'prom-client';

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** `ok`, a tool-level outcome, or the McpCallError kind. */
export type CallOutcome = 'ok' | 'tool_error' | 'invalid_arguments' | 'unknown_tool' | 'connection' | 'timeout' | 'cancelled' | 'protocol' | 'config';

export function createMcpTelemetry(registry: Registry = globalRegistry) {
  const registers = [registry];
  const calls = once(registry, 'keel_mcp_tool_calls_total', () => new Counter({
    name: 'keel_mcp_tool_calls_total', help: 'MCP tool calls by server, tool and outcome',
    labelNames: ['server', 'tool', 'outcome'] as const, registers,
  }));
  const duration = once(registry, 'keel_mcp_tool_call_duration_seconds', () => new Histogram({
    name: 'keel_mcp_tool_call_duration_seconds', help: 'Duration of MCP tool calls that reached the server',
    labelNames: ['server', 'transport'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1, 5, 30, 120], registers,
  }));
  const connects = once(registry, 'keel_mcp_connects_total', () => new Counter({
    name: 'keel_mcp_connects_total', help: 'MCP connections opened (a stdio connect starts the server process), by server and reason',
    labelNames: ['server', 'reason'] as const, registers,
  }));
  return {
    call(server: string, tool: string, outcome: CallOutcome) {
      calls.inc({ server, tool, outcome });
    },
    duration(server: string, transport: string, seconds: number) {
      duration.observe({ server, transport }, seconds);
    },
    connect(server: string, reason: 'first' | 'reconnect') {
      connects.inc({ server, reason });
    },
  };
}
