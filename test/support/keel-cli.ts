// Runs the keel CLI as a user does (`npm run -s keel -- …` is `tsx services/cli/main.ts …`), as a subprocess.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `target` gives the API URL and key (read when called, so tests can set them in beforeAll). `stdin` is piped in, then closed. */
export function keelCli(target: () => { url: string; key: string }) {
  return (args: string[], env: Record<string, string> = {}, opts: { stdin?: string } = {}): Promise<CliResult> => {
    const { url, key } = target();
    return new Promise((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), ...args], {
        cwd: root,
        env: { ...process.env, KEEL_URL: url, KEEL_API_KEY: key, ...env },
      }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    });
  };
}
