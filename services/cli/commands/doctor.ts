// keel doctor: what is configured, what is reachable, what is missing, through the services' own
// health checks (checkRouterHealth, checkLangfuse, the store's migrations, the MCP pool). Never
// prints secrets.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Connection } from '@temporalio/client';
import { loadConfig, resolveDataPath, type LoadedConfig } from '../../config';
import { findTemporalCli } from '../../temporal';
import { openStore } from '../../store';
import { createMcpPool, type McpServerSpec } from '../../mcp';
import { checkRouterHealth, createRouter, type ModelRouter } from '../../router';
import { checkLangfuse } from '../../tracing';
import { readSavedCredentials } from '../../platform';

type Check = { area: string; status: 'ok' | 'warn' | 'fail'; detail: string };

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what} timed out after ${ms} ms`)), ms))]);

async function checkTemporal(loaded: LoadedConfig): Promise<Check[]> {
  const t = loaded.config.temporal;
  const checks: Check[] = [];
  if (!t.address) {
    try {
      checks.push({ area: 'temporal', status: 'ok', detail: `embedded dev server; CLI at ${findTemporalCli(t.devServer.cliPath)}` });
    } catch (err) {
      checks.push({ area: 'temporal', status: 'fail', detail: (err as Error).message });
    }
  }
  const address = t.address ?? `127.0.0.1:${t.devServer.port}`;
  try {
    const conn = await Connection.connect({ address, connectTimeout: 2_000 });
    await withTimeout(conn.workflowService.describeNamespace({ namespace: t.namespace }), 3_000, 'describeNamespace');
    await conn.close();
    checks.push({ area: 'temporal', status: 'ok', detail: `${address} namespace ${t.namespace} reachable` });
  } catch (err) {
    checks.push({ area: 'temporal', status: t.address ? 'fail' : 'warn', detail: `${address} not reachable${t.address ? '' : ' (start it with `keel start`)'}: ${(err as Error).message}` });
  }
  return checks;
}

async function checkStore(loaded: LoadedConfig): Promise<Check> {
  const url = loaded.config.store.url;
  const shown = url.replace(/\/\/[^@/]*@/, '//***@');
  try {
    const store = await openStore(url, resolveDataPath(loaded));
    await store.close();
    return { area: 'store', status: 'ok', detail: `${shown} (migrations applied)` };
  } catch (err) {
    return { area: 'store', status: 'fail', detail: `${shown}: ${(err as Error).message}` };
  }
}

const hasAwsCredentials = () =>
  Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE || existsSync(`${process.env.HOME}/.aws/credentials`));

/** One token through the router to the deployment itself (a model may name a deployment id). */
async function oneTokenProbe(router: ModelRouter, deployment: string, timeoutMs: number): Promise<string | undefined> {
  try {
    await router.chat({ model: deployment, messages: [{ role: 'user', content: 'ping' }], generation: { maxTokens: 1 } }, { tenantId: 'keel-doctor', timeoutMs });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Every deployment probed at once: reachable, serving its configured model (≤ `timeoutMs` in all). */
export async function checkModels(loaded: LoadedConfig, timeoutMs = 2_000): Promise<Check[]> {
  const { deployments, models } = loaded.config.router;
  if (deployments.length === 0) return [{ area: 'models', status: 'warn', detail: 'no deployments configured (router.deployments in keel.yaml): agent runs will fail' }];
  const checks: Check[] = [{ area: 'models', status: 'ok', detail: `logical models: ${Object.keys(models).join(', ') || '(none)'}` }];
  const router = createRouter({ ...loaded.config.router, retry: { ...loaded.config.router.retry, maxAttempts: 1 } });
  try {
    const health = await checkRouterHealth(router, timeoutMs);
    const results = await Promise.all(deployments.map(async (d): Promise<Check> => {
      const h = health.find((x) => x.deployment === d.id);
      const where = d.provider === 'openai' ? d.endpoint : `bedrock ${d.model} region ${d.region ?? process.env.AWS_REGION ?? 'us-east-1'}${d.endpoint ? ` endpoint ${d.endpoint}` : ''}`;
      const head = `${d.id} (${d.capacity}) ${where}`;
      if (h?.reachable === undefined) {
        // No cheap probe for this provider (Bedrock): a one-token call where credentials exist.
        if (!hasAwsCredentials()) return { area: 'models', status: 'warn', detail: `${head}: AWS credentials not found in env or ~/.aws` };
        const failed = await oneTokenProbe(router, d.id, timeoutMs);
        return { area: 'models', status: failed ? 'warn' : 'ok', detail: `${head}: ${failed ? `one-token probe failed: ${failed}` : `serves ${d.model} (one-token probe)`}` };
      }
      if (!h.reachable) return { area: 'models', status: 'warn', detail: `${head}: unreachable${h.detail ? ` (${h.detail})` : ''}` };
      if (h.servesModel === false) return { area: 'models', status: 'warn', detail: `${head}: reachable, but ${h.detail}` };
      return { area: 'models', status: h.detail ? 'warn' : 'ok', detail: `${head}: reachable${h.servesModel ? `, serves ${d.model}` : ''}${h.detail ? ` (${h.detail})` : ''}` };
    }));
    checks.push(...results);
  } finally {
    await router.close();
  }
  return checks;
}

async function checkMcp(loaded: LoadedConfig): Promise<Check[]> {
  const servers = Object.entries(loaded.config.mcpServers);
  if (servers.length === 0) return [{ area: 'mcp', status: 'warn', detail: 'no MCP servers configured (mcpServers in keel.yaml)' }];
  const pool = createMcpPool({ callTimeoutMs: 10_000 });
  const checks = await Promise.all(servers.map(async ([name, ref]): Promise<Check> => {
    try {
      const tools = await withTimeout(pool.listTools({ ...ref, name } as McpServerSpec), 15_000, 'listTools');
      return { area: 'mcp', status: 'ok', detail: `${name} (${ref.transport}): ${tools.length} tools` };
    } catch (err) {
      return { area: 'mcp', status: 'fail', detail: `${name} (${ref.transport}): ${(err as Error).message}` };
    }
  }));
  await pool.close();
  return checks;
}

async function checkApi(loaded: LoadedConfig): Promise<Check[]> {
  const { api } = loaded.config;
  const url = process.env.KEEL_URL ?? api.publicUrl ?? `http://${api.host === '0.0.0.0' ? '127.0.0.1' : api.host}:${api.port}`;
  const key = process.env.KEEL_API_KEY ? 'KEEL_API_KEY' : readSavedCredentials(resolveDataPath(loaded)) ? 'saved default-tenant key' : undefined;
  const checks: Check[] = [{ area: 'api', status: key ? 'ok' : 'warn', detail: key ? `CLI key: ${key}` : 'no CLI key yet (run `keel start` once, or set KEEL_API_KEY)' }];
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    checks.push({ area: 'api', status: res.ok ? 'ok' : 'warn', detail: `${url} answers ${res.status}` });
  } catch {
    checks.push({ area: 'api', status: 'warn', detail: `${url} not reachable (start it with \`keel start\`)` });
  }
  return checks;
}

async function checkTracing(loaded: LoadedConfig): Promise<Check> {
  const { tracing } = loaded.config;
  if (!tracing.enabled) return { area: 'tracing', status: 'warn', detail: 'tracing disabled (tracing.enabled: false)' };
  const langfuse = await checkLangfuse(tracing);
  if (langfuse.detail === 'not configured') return { area: 'tracing', status: 'warn', detail: 'Langfuse keys not set: traces go to the local store only' };
  // A failing export never blocks a run (traces stay in the local store): a warning, not a failure.
  return { area: 'tracing', status: langfuse.ok ? 'ok' : 'warn', detail: `Langfuse at ${tracing.langfuse.baseUrl}: ${langfuse.detail}` };
}

export function registerDoctorCommand(program: Command) {
  program
    .command('doctor')
    .description('print what is configured, reachable and missing')
    .action(async () => {
      const loaded = loadConfig();
      console.log(`config     ${loaded.file ?? 'defaults (no keel.yaml)'}`);
      console.log(`data dir   ${resolveDataPath(loaded)}`);
      // Every check at once: a machine where nothing answers still gets its report in seconds.
      const checks = (await Promise.all([
        checkTemporal(loaded), checkStore(loaded), checkModels(loaded), checkMcp(loaded), checkApi(loaded), checkTracing(loaded),
      ])).flat();
      const mark = { ok: '✔', warn: '!', fail: '✖' } as const;
      for (const c of checks) console.log(`${mark[c.status]} ${c.area.padEnd(9)} ${c.detail}`);
      if (checks.some((c) => c.status === 'fail')) process.exitCode = 1;
    });
}
