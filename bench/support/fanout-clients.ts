// The SSE subscribers of bench/fanout.ts, in their own process: FANOUT_SUBSCRIBERS connections to
// GET /v1/runs/:id/events spread over the runs, each parsing its stream and checking that event ids
// rise. Between the IPC messages `measure` and `report` it records, per message, the time from its
// publish (the stamp the producer put in it) to its arrival here.
import { request, Agent } from 'node:http';
import { nowMs } from './fanout-publishers';

const url = new URL(process.env.FANOUT_URL!);
const key = process.env.FANOUT_KEY!;
const runIds: string[] = JSON.parse(process.env.FANOUT_RUNS!);
const perRun = Number(process.env.FANOUT_PER_RUN);
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

let measuring = false;
const latencies: number[] = [];
let connected = 0;
let received = 0;
let outOfOrder = 0;
let failed = 0;

function subscribe(runId: string) {
  const req = request({ host: url.hostname, port: url.port, path: `/v1/runs/${runId}/events?lastEventId=1`, agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
    if (res.statusCode !== 200) {
      failed++;
      res.resume();
      return;
    }
    connected++;
    res.setEncoding('utf8');
    let buffer = '';
    let lastId = 0;
    let lastEnd = 0;
    res.on('data', (chunk: string) => {
      const arrived = nowMs();
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith(':')) continue;
        let id = '';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = line.slice(4);
          else if (line.startsWith('data: ')) data = line.slice(6);
        }
        received++;
        const [n, o] = id.split('.').map(Number);
        if (o === undefined) {
          if (n <= lastId) outOfOrder++;
          lastId = n;
          lastEnd = 0;
        } else if (n !== lastId || o <= lastEnd) outOfOrder++;
        else lastEnd = o;
        if (!measuring) continue;
        const parsed = JSON.parse(data) as { sentAt?: number; text?: string };
        const sent = parsed.sentAt ?? (parsed.text ? Number(parsed.text.slice(0, parsed.text.indexOf('|'))) : NaN);
        if (Number.isFinite(sent)) latencies.push(arrived - sent);
      }
    });
    res.on('error', () => failed++);
  });
  req.on('error', () => failed++);
  req.end();
}

for (const runId of runIds) for (let i = 0; i < perRun; i++) subscribe(runId);
const ready = setInterval(() => {
  if (connected + failed < runIds.length * perRun) return;
  clearInterval(ready);
  process.send!({ type: 'ready', connected, failed });
}, 20);

process.on('message', (m: { type: string }) => {
  if (m.type === 'measure') {
    measuring = true;
    received = 0;
    outOfOrder = 0;
  }
  if (m.type === 'report') {
    measuring = false;
    process.send!({ type: 'report', latencies, received, outOfOrder, failed, connected });
  }
});
