// The open Streamable HTTP sessions of one endpoint. A client that goes away without DELETE (an
// IDE closed, a worker killed) would otherwise keep its session and McpServer for good, so a
// session with no response open for `idleMs` is closed; its next request gets 404, on which the
// spec has the client start a new session. Each owner (tenant) holds at most `maxPerOwner` sessions:
// opening one more closes that owner's longest-idle session, so no tenant can pile up servers
// within the idle window.
import type { ServerResponse } from 'node:http';
import type { NodeStreamableHttpTransport } from './http-transport';

export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
export const DEFAULT_MAX_SESSIONS_PER_OWNER = 100;

interface Session<Owner> {
  transport: NodeStreamableHttpTransport;
  owner: Owner;
  openResponses: number;
  idleSince: number;
}

export class McpSessions<Owner> {
  private readonly sessions = new Map<string, Session<Owner>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly idleMs = DEFAULT_SESSION_IDLE_MS,
    private readonly now: () => number = Date.now,
    private readonly maxPerOwner = DEFAULT_MAX_SESSIONS_PER_OWNER,
  ) {
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(idleMs, 60_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Registers a transport; it leaves the table when it closes, however that happens. */
  add(id: string, transport: NodeStreamableHttpTransport, owner: Owner): void {
    this.makeRoomFor(owner);
    this.sessions.set(id, { transport, owner, openResponses: 0, idleSince: this.now() });
    const onclose = transport.onclose;
    transport.onclose = () => {
      this.sessions.delete(id);
      onclose?.();
    };
  }

  /** The session's transport when `owner` opened it. */
  find(id: string, owner: Owner): NodeStreamableHttpTransport | undefined {
    const s = this.sessions.get(id);
    return s && s.owner === owner ? s.transport : undefined;
  }

  /** Counts `res` as activity on the session until it closes (a GET stream can stay open for hours). */
  track(transport: NodeStreamableHttpTransport, res: ServerResponse): void {
    const s = transport.sessionId ? this.sessions.get(transport.sessionId) : undefined;
    if (!s) return;
    s.openResponses++;
    res.once('close', () => {
      s.openResponses--;
      s.idleSince = this.now();
    });
  }

  /** At the owner's cap: closes its session idle longest (one with no open response first). */
  private makeRoomFor(owner: Owner): void {
    const own = [...this.sessions.entries()].filter(([, s]) => s.owner === owner);
    if (own.length < this.maxPerOwner) return;
    const rank = (s: Session<Owner>) => (s.openResponses === 0 ? 0 : 1);
    const [id, victim] = own.sort(([, a], [, b]) => rank(a) - rank(b) || a.idleSince - b.idleSince)[0];
    this.sessions.delete(id);
    void victim.transport.close().catch(() => undefined);
  }

  async closeIdle(): Promise<void> {
    const cutoff = this.now() - this.idleMs;
    const idle = [...this.sessions.values()].filter((s) => s.openResponses === 0 && s.idleSince <= cutoff);
    await Promise.all(idle.map((s) => s.transport.close().catch(() => undefined)));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
    this.sessions.clear();
  }
}
