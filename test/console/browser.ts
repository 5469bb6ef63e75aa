// The console end to end: a whole Keel (Temporal dev server, workers, the MCP test server, the
// model stand-in) whose API listens on a port and serves a freshly built console, and Debian's
// Chromium driven by playwright-core (no browser download). Each test's page saves a screenshot
// under .keel/ci/screenshots/ when the test fails; `snap` saves one on purpose.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, type TestPlatform } from '../support/platform';

const root = resolve(__dirname, '../..');
export const SCREENSHOTS = join(root, '.keel/ci/screenshots');
export const CHROMIUM = process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium';

export interface ConsoleRig {
  model: VllmStandin;
  p: TestPlatform;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleRig(): Promise<ConsoleRig> {
  const consoleDir = join(mkdtempSync(join(tmpdir(), 'keel-console-build-')), 'console');
  execFileSync(process.execPath, [join(root, 'scripts/build-console.mjs'), '--out-dir', consoleDir], { cwd: root, stdio: 'pipe' });
  const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-console-fx-')), 'side-effects.log');
  const model = await startVllmStandin({ model: 'test-model', respond: scriptedModel });
  const p = await startPlatform({
    modelUrl: model.url,
    workflows: true,
    consoleDir,
    config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } },
  });
  const url = await p.api.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    model, p, url, browser,
    async close() {
      await browser.close();
      await p.close();
      await model.close();
    },
  };
}

const problems = new WeakMap<Page, string[]>();

/** Script errors and Content-Security-Policy violations a page met (withScreenshot fails on them). */
function watch(page: Page): Page {
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(`CSP: ${m.text()}`); });
  return page;
}

/** A fresh browser context (its own cookies) logged in with the key. */
export async function loggedIn(rig: ConsoleRig, key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = watch(await context.newPage());
  page.setDefaultTimeout(45_000);
  await page.goto(`${rig.url}/console/`);
  await page.getByLabel('Tenant API key').fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('tenant').waitFor();
  return { context, page };
}

/** Runs the test body; on failure saves the page as <name>.png before rethrowing. */
export async function withScreenshot<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    const met = problems.get(page) ?? [];
    if (met.length) throw new Error(`the page met errors:\n${met.join('\n')}`);
    return result;
  } catch (err) {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.failed.png`), fullPage: true }).catch(() => {});
    throw err;
  }
}

export const snap = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** Resolves once `read()` returns a truthy value (polling; the test's timeout bounds it). */
export async function until<T>(read: () => Promise<T>, what: string, attempts = 600): Promise<NonNullable<T>> {
  for (let i = 0; i < attempts; i++) {
    const v = await read();
    if (v) return v as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never became true: ${what}`);
}
