// A process that starts the embedded Temporal dev server the way `keel start` does and keeps it
// running until killed: `DEV_DB`, `DEV_PORT`, `DEV_UI_PORT`, `DEV_WATCHDOG` (0 = off). Prints
// `serving <pid>` with the server's pid once it serves.
import { readFileSync } from 'node:fs';
import { startDevServer } from '../../services/temporal';

const dbFile = process.env.DEV_DB!;
void startDevServer({
  dbFile,
  port: Number(process.env.DEV_PORT),
  uiPort: Number(process.env.DEV_UI_PORT),
  namespace: 'default',
  watchdog: process.env.DEV_WATCHDOG !== '0',
  onNotice: (m) => console.log(`notice: ${m}`),
}).then(() => {
  console.log(`serving ${readFileSync(`${dbFile}.pid`, 'utf8').trim()}`);
  setInterval(() => undefined, 60_000);
});
