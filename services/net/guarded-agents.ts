// Node http/https agents with the same address policy as safeFetch, for clients that take an agent
// rather than a fetch or an undici dispatcher (the AWS SDK's S3 client): literal addresses are
// checked before connecting, names after DNS resolution at connect time.
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { BlockList, Socket } from 'node:net';
import { allowList, refusedLiteral } from './address-policy';
import { SafeFetchError, guardedLookup, systemLookup, type GuardOptions } from './safe-fetch';

type CreateConnection = (options: { host?: string | null; hostname?: string | null }, callback: (err: Error | null, socket?: Socket) => void) => Socket | undefined;

/** Refuses a literal internal address before any socket is opened (net.connect skips lookup for literals). */
function literalGuard(allow: BlockList | undefined, create: CreateConnection): CreateConnection {
  return (options, callback) => {
    const refused = refusedLiteral(String(options.hostname ?? options.host ?? ''), allow);
    if (refused) {
      process.nextTick(() => callback(new SafeFetchError('blocked_address', refused)));
      return undefined;
    }
    return create(options, callback);
  };
}

export function createGuardedNodeAgents(opts: GuardOptions & { keepAlive?: boolean } = {}): { http: HttpAgent; https: HttpsAgent } {
  const allow = allowList(opts.allowCidrs);
  const agentOptions: AgentOptions = { keepAlive: opts.keepAlive ?? true, lookup: guardedLookup(opts.lookup ?? systemLookup, allow) as AgentOptions['lookup'] };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  for (const agent of [http, https] as unknown as Array<{ createConnection: CreateConnection }>) {
    agent.createConnection = literalGuard(allow, agent.createConnection.bind(agent));
  }
  return { http, https };
}
