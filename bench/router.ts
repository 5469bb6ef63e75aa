// Router benchmark. Prints one JSON object as its last stdout line:
//   inproc_overhead_p50_us / p99_us  time a router.chat() spends outside its deployment's HTTP call
//                                    (the provider call is timed inside), minus the same gap of
//                                    direct calls to that provider (the harness's own share),
//                                    sequential, interleaved; raw gaps in inproc_gap_*;
//   gateway_overhead_p50_ms / p99_ms stream latency through the gateway minus direct streams to the
//                                    same vLLM stand-in, 64 concurrent streams: the percentile of
//                                    all gateway streams minus the same percentile of all direct
//                                    streams of this run (6,000 a side, after 2,000 a side of
//                                    warm-up). The two sides alternate in short blocks (each gateway
//                                    block right after its direct twin), so both see the same
//                                    conditions on the shared box; each block's own p50 / p99
//                                    difference is printed too (gateway_overhead_by_block_*);
//   gateway_cpu_us_per_stream        CPU the gateway process spent per stream (less load-sensitive);
//   gateway_event_loop, gateway_gc   its event-loop utilisation, stalls and GC pauses while streaming;
//   other_processes_cpu_cores        CPU used meanwhile by processes outside this benchmark (cores);
//   gateway_rps                      streams/s completed through the gateway at that concurrency;
//   failover_added_p50_ms            extra latency when the first deployment refuses connections;
//   failover_success_rate            share of those calls that still succeeded.
// The stand-in and the gateway each run in their own process (bench/support/gateway-process.ts);
// this one generates load.
import { cpus, loadavg, setPriority } from 'node:os';
import { Agent } from 'undici';
import { BLOCKS, CONCURRENCY, FIRST_TOKEN_MS, MODEL, RAMP_MS, SEQ_STREAMS, STREAMS_PER_SIDE, STREAM_WARMUP, TOKEN_MS, pct, round, startChild } from './support/router-bench';
import { gatewayStats, sequentialLoad, streamLoad } from './support/stream-load';
import { otherCpuCores, processTicks } from './support/process-cpu';
import { failover, inprocOverhead } from './support/router-calls';

/**
 * In a deployment the model server and the clients do not share the gateway's CPUs; here all three
 * share two cores, and the gateway's work would delay the stand-in's token pacing and the load
 * generator's clock on its own streams only. Giving those two a higher scheduling priority keeps
 * them on time: the gateway then waits for them, never they for it, so its measured overhead is
 * if anything larger. Needs root (or CAP_SYS_NICE); without it the bench says so in its output.
 */
function favourOverGateway(pids: number[]): boolean {
  try {
    for (const pid of pids) setPriority(pid, -10);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  // Streams are paced like a model (first token after 50 ms, then a chunk every 5 ms), so 64
  // concurrent streams measure the gateway's added latency rather than a CPU-saturated queue.
  const paced = await startChild(['test/support/vllm-standin.ts', '--port', '0', '--model', MODEL, '--latency-ms', String(FIRST_TOKEN_MS), '--token-delay-ms', String(TOKEN_MS)]);
  const standin = await startChild(['test/support/vllm-standin.ts', '--port', '0', '--model', MODEL]);
  // BENCH_GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the gateway process.
  const gateway = await startChild(['bench/support/gateway-process.ts', paced.url], (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const favoured = favourOverGateway([process.pid, paced.proc.pid!]);
  try {
    const inproc = await inprocOverhead(standin.url);
    const toDirect = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    const toGateway = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    await streamLoad(paced.url, MODEL, STREAM_WARMUP, toDirect); // warm-up, and opens the connections
    await streamLoad(gateway.url, 'chat', STREAM_WARMUP, toGateway);
    const direct: number[] = [];
    const viaGateway: number[] = [];
    let gatewaySeconds = 0;
    let errors = 0;
    let gatewayCpu = 0;
    const loop = { elu: 0, lagP50: 0, lagP99: 0 };
    const gc = { count: 0, ms: 0, maxMs: 0 };
    const blockDiff = { p50: [] as number[], p99: [] as number[] };
    const ours = new Set([process.pid, process.ppid, paced.proc.pid!, standin.proc.pid!, gateway.proc.pid!]);
    const other = { direct: 0, gateway: 0 };
    let directSeconds = 0;
    for (let block = 0; block < BLOCKS; block++) {
      const t0 = processTicks();
      const d = await streamLoad(paced.url, MODEL, STREAMS_PER_SIDE / BLOCKS, toDirect);
      const t1 = processTicks();
      const before = await gatewayStats(gateway.url);
      const g = await streamLoad(gateway.url, 'chat', STREAMS_PER_SIDE / BLOCKS, toGateway);
      const after = await gatewayStats(gateway.url);
      const t2 = processTicks();
      other.direct += otherCpuCores(t0, t1, ours, d.seconds) * d.seconds;
      other.gateway += otherCpuCores(t1, t2, ours, g.seconds) * g.seconds;
      directSeconds += d.seconds;
      gatewayCpu += after.cpuUs - before.cpuUs;
      loop.elu += after.elu / BLOCKS;
      loop.lagP50 += after.lagP50Ms / BLOCKS;
      loop.lagP99 += after.lagP99Ms / BLOCKS;
      gc.count += after.gc.count;
      gc.ms += after.gc.ms;
      gc.maxMs = Math.max(gc.maxMs, after.gc.maxMs);
      direct.push(...d.latencies);
      viaGateway.push(...g.latencies);
      blockDiff.p50.push(pct(g.latencies, 50) - pct(d.latencies, 50));
      blockDiff.p99.push(pct(g.latencies, 99) - pct(d.latencies, 99));
      gatewaySeconds += g.seconds;
      errors += d.errors + g.errors;
    }
    await Promise.all([toDirect.close(), toGateway.close()]);
    // For scale against published sequential medians: one stream at a time, unpaced stand-in.
    const seqGateway = await startChild(['bench/support/gateway-process.ts', standin.url]);
    const seq = { direct: [] as number[], gateway: [] as number[] };
    try {
      await sequentialLoad(standin.url, MODEL, 100);
      await sequentialLoad(seqGateway.url, 'chat', 100);
      for (let i = 0; i < 4; i++) {
        seq.direct.push(...(await sequentialLoad(standin.url, MODEL, SEQ_STREAMS / 4)));
        seq.gateway.push(...(await sequentialLoad(seqGateway.url, 'chat', SEQ_STREAMS / 4)));
      }
    } finally {
      seqGateway.proc.kill('SIGTERM');
    }
    const fo = await failover(standin.url);
    const result = {
      inproc_overhead_p50_us: round(pct(inproc.routed, 50) - pct(inproc.harness, 50), 1),
      inproc_overhead_p99_us: round(pct(inproc.routed, 99) - pct(inproc.harness, 99), 1),
      gateway_overhead_p50_ms: round(pct(viaGateway, 50) - pct(direct, 50)),
      gateway_overhead_p99_ms: round(pct(viaGateway, 99) - pct(direct, 99)),
      gateway_rps: Math.round(viaGateway.length / gatewaySeconds),
      failover_added_p50_ms: round(fo.addedP50),
      failover_success_rate: fo.successRate,
      gateway_overhead_by_block_p50_ms: blockDiff.p50.map((x) => round(x, 2)),
      gateway_overhead_by_block_p99_ms: blockDiff.p99.map((x) => round(x, 2)),
      direct_stream_ms: { p50: round(pct(direct, 50)), p99: round(pct(direct, 99)) },
      gateway_stream_ms: { p50: round(pct(viaGateway, 50)), p99: round(pct(viaGateway, 99)) },
      gateway_cpu_us_per_stream: Math.round(gatewayCpu / STREAMS_PER_SIDE),
      gateway_event_loop: { utilization: round(loop.elu, 2), stall_p50_ms: round(loop.lagP50, 2), stall_p99_ms: round(loop.lagP99, 2) },
      gateway_gc: { pauses: gc.count, total_ms: round(gc.ms, 1), max_ms: round(gc.maxMs, 1) },
      inproc_gap_p50_us: { router: round(pct(inproc.routed, 50), 1), direct: round(pct(inproc.harness, 50), 1) },
      inproc_gap_p99_us: { router: round(pct(inproc.routed, 99), 1), direct: round(pct(inproc.harness, 99), 1) },
      gateway_overhead_sequential_p50_ms: round(pct(seq.gateway, 50) - pct(seq.direct, 50)),
      concurrency: CONCURRENCY,
      standin_and_client_favoured: favoured,
      lane_ramp_ms: RAMP_MS,
      standin_pacing_ms: { first_token: FIRST_TOKEN_MS, per_chunk: TOKEN_MS },
      stream_errors: errors,
      other_processes_cpu_cores: { direct: round(other.direct / directSeconds, 2), gateway: round(other.gateway / gatewaySeconds, 2) },
      stream_warmup: STREAM_WARMUP,
      load_avg_1m: round(loadavg()[0], 2),
      cpus: cpus().length,
    };
    console.log(JSON.stringify(result));
  } finally {
    gateway.proc.kill('SIGTERM');
    standin.proc.kill('SIGTERM');
    paced.proc.kill('SIGTERM');
  }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
