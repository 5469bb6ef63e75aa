// The gateway process of bench/router.ts: fastify + gatewayRoutes over a router to the stand-in
// whose URL is its argument; prints its own URL, and serves its CPU, event-loop and GC figures at
// /__bench/cpu. BENCH_GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles it.
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { createRouter } from '../../services/router';
import { routeApp } from '../../test/support/route-app';
import { gatewayRoutes } from '../../services/api/routes/gateway';
import '../../services/api/tenant';
import { routerConfig } from './router-bench';

/** Gateway process: fastify + gatewayRoutes over a router to the stand-in at `url`. */
async function serveGateway(url: string) {
  const router = createRouter(routerConfig(url), { registry: new Registry() });
  const app = routeApp(() => ({ id: 'bench', name: 'bench', apiKeyId: 'bench', scopes: ['admin'] }));
  await app.register(gatewayRoutes, { router, prefix: '/v1' });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let elu = performance.eventLoopUtilization();
  app.get('/__bench/cpu', async () => {
    const u = process.cpuUsage();
    const e = performance.eventLoopUtilization(elu);
    elu = performance.eventLoopUtilization();
    // The histogram counts the 10 ms sampling interval itself; report only the stall beyond it.
    const stall = (q: number) => Math.max(0, lag.percentile(q) / 1e6 - 10);
    const out = { cpuUs: u.user + u.system, userUs: u.user, elu: e.utilization, lagP50Ms: stall(50), lagP99Ms: stall(99), gc: { ...gc } };
    lag.reset();
    Object.assign(gc, { count: 0, ms: 0, maxMs: 0 });
    return out;
  });
  process.stdout.write(`${await app.listen({ host: '127.0.0.1', port: 0 })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => router.close()).then(() => process.exit(0)));
}

void serveGateway(process.argv[2]);
