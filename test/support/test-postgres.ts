// The PostgreSQL server the store suites run on besides SQLite. The global setup starts a throwaway
// cluster (test/support/postgres.ts) or takes KEEL_TEST_POSTGRES_URL; a suite that asks for it on
// a machine without PostgreSQL fails with the install command instead of skipping. Local
// development without PostgreSQL: KEEL_TEST_POSTGRES=off runs the store suites on SQLite only.
import { inject } from 'vitest';

export type TestPostgres = { url: string } | { off: true } | { error: string };

/** The server URL (superuser; create databases on it), or null when KEEL_TEST_POSTGRES=off. */
export function testPostgresUrl(): string | null {
  const state = inject('testPostgres');
  if ('url' in state) return state.url;
  if ('off' in state) return null;
  throw new Error(state.error);
}

/** A fresh database on the test server, dropped by `drop`. */
export async function scratchPostgresDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import('pg');
  const name = `${prefix}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // Not WITH (FORCE): a pool that just ended may still be closing its sessions, and a forced
    // drop would fail them with an uncaught error; wait for them to go instead.
    async drop() {
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await admin.query(`DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await admin.end();
      }
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgres: TestPostgres;
  }
}
