// Launches the test MCP server as a real subprocess over either transport.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { McpServerSpecInput } from '../../services/mcp';

export const TEST_SERVER = resolve(__dirname, '../support/mcp-test-server.ts');

/** node --import tsx runs the server in one process, so its pid is the server's pid. */
export function stdioSpec(name: string, env: Record<string, string | { fromEnv: string }> = {}, script = TEST_SERVER): McpServerSpecInput {
  return { transport: 'stdio', name, command: process.execPath, args: ['--import', 'tsx', script, '--stdio'], env, cwd: resolve(__dirname, '../..') };
}

export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'keel-mcp-')), name);
}

export interface HttpServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `script --http --port 0` and waits for the URL line it prints. */
export async function startHttpServer(env: Record<string, string> = {}, script = TEST_SERVER, extraArgs: string[] = []): Promise<HttpServerProcess> {
  const port = env.PORT ?? '0';
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--http', '--port', port, ...extraArgs], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok(line.trim()));
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
