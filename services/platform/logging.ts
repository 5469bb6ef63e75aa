// Keel's process logs: structured JSON lines (pino) on stdout, one logger for the API and one
// forwarded from Temporal's Runtime (workers). Nothing secret reaches a line: credential headers are
// redacted by path, every other field named like a secret (at any depth) and credential-shaped text
// (Bearer tokens, keel_… keys, AWS keys, JWTs) are masked, and request bodies are never logged.
import pino, { type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import { environmentSecrets, isSecretField, maskString, maskValue, SECRET_PLACEHOLDER, traceIdForWorkflow, type MaskOptions } from '../tracing';

export type KeelLogger = PinoLogger;

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** The level `KEEL_LOG_LEVEL` names, or `fallback`; an unknown name stops the process. */
export function keelLogLevel(fallback: Level, env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const raw = env.KEEL_LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(LEVELS as readonly string[]).includes(raw)) throw new Error(`KEEL_LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.KEEL_LOG_LEVEL}"`);
  return raw as Level | 'silent';
}

/** Header paths pino removes outright (whatever logs a request's or a client's headers). */
const REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-keel-csrf', 'proxy-authorization'].flatMap((h) => [
  `req.headers["${h}"]`,
  `headers["${h}"]`,
  `request.headers["${h}"]`,
  `res.headers["${h}"]`,
]);

/** Keys pino serializes itself; masking walks everything else. */
const SERIALIZED = new Set(['req', 'res', 'err', 'error']);

export interface KeelLoggerOptions {
  level: Level | 'silent';
  /** Where lines go (default stdout); tests capture them here. */
  destination?: DestinationStream;
  /** Bound to every line, e.g. `{ service: 'api' }`. */
  base?: Record<string, unknown>;
}

export function createKeelLogger({ level, destination, base = {} }: KeelLoggerOptions): KeelLogger {
  const mask: MaskOptions = { mode: 'off', secrets: environmentSecrets() };
  const maskErr = (err: unknown) => maskValue(pino.stdSerializers.err(err as Error), mask);
  return pino(
    {
      level,
      base: { pid: process.pid, ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_HEADERS, censor: '[REDACTED]' },
      serializers: {
        err: maskErr,
        error: maskErr,
        // The access log: method, path and query (credential-shaped text masked), never headers or bodies.
        req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: maskUrl(req.url ?? '', mask), remoteAddress: req.ip }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => {
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(fields)) out[key] = SERIALIZED.has(key) ? value : maskField(key, value, mask);
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskString(a, mask) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination(1),
  );
}

/** A request path with the values of secret-named query parameters (`?token=…`) replaced. */
function maskUrl(url: string, mask: MaskOptions): string {
  const at = url.indexOf('?');
  if (at < 0) return maskString(url, mask);
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {}
      return isSecretField(decoded) ? `${name}=${SECRET_PLACEHOLDER}` : pair;
    })
    .join('&');
  return maskString(`${url.slice(0, at)}?${query}`, mask);
}

/** A field's value as masking sees it under its own name (so `{ apiKey: … }` is removed whole). */
function maskField(key: string, value: unknown, mask: MaskOptions): unknown {
  return (maskValue({ [key]: value }, mask) as Record<string, unknown>)[key];
}

const TEMPORAL_LEVELS: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** Temporal's Logger over pino; lines about a workflow carry its Keel trace id. */
export function temporalLogger(logger: KeelLogger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const fields: Record<string, unknown> = { ...meta };
    if (typeof meta.workflowId === 'string') fields.traceId = traceIdForWorkflow(meta.workflowId);
    logger[TEMPORAL_LEVELS[level]](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** Installs Temporal's Runtime with Keel's logger (warn by default, KEEL_LOG_LEVEL to change). Once per process. */
export function installTemporalLogging(logger: KeelLogger = createKeelLogger({ level: keelLogLevel('warn'), base: { service: 'worker' } })): void {
  Runtime.install({ logger: temporalLogger(logger) });
}
