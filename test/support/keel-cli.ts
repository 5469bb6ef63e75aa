// Runs the keel CLI as a user does (`npm run -s keel -- …` is `tsx services/cli/main.ts …`), as a subprocess.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `target` gives the API URL and key (read when called, so tests can set them in beforeAll). */
export function keelCli(target: () => { url: string; key: string }) {
  return async (args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    const { url, key } = target();
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), ...args], {
        cwd: root,
        env: { ...process.env, KEEL_URL: url, KEEL_API_KEY: key, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as CliResult;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
