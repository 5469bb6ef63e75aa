// Bedrock exceptions (HTTP errors and in-stream exception events) -> classified RouterError.
import { RouterError, classifyTransportError } from '../../errors';
import type { RouterErrorKind } from '../../types';

const BY_NAME: Record<string, RouterErrorKind> = {
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  ServiceUnavailableException: 'unavailable',
  InternalServerException: 'unavailable',
  ModelNotReadyException: 'model_not_ready',
  ModelTimeoutException: 'timeout',
  ModelErrorException: 'model_error',
  ModelStreamErrorException: 'model_error',
  ValidationException: 'validation',
  AccessDeniedException: 'access_denied',
  UnrecognizedClientException: 'access_denied',
  ExpiredTokenException: 'access_denied',
  ResourceNotFoundException: 'not_found',
  ServiceQuotaExceededException: 'quota_exceeded',
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
};

const CONTEXT = /too long|too many (input )?tokens|context (length|window)|max(imum)? input/i;

export function classifyBedrockError(err: unknown, deployment: string): RouterError {
  if (err instanceof RouterError) return err;
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const message = e?.message ?? String(err);
  let kind = BY_NAME[name];
  if (kind === 'validation' && CONTEXT.test(message)) return new RouterError('context_window', `${name}: ${message}`, { deployment });
  if (!kind) {
    const status = e?.$metadata?.httpStatusCode;
    if (status === undefined || name === 'AbortError') return classifyTransportError(err, deployment);
    kind = status === 429 ? 'throttled' : status >= 500 ? 'unavailable' : status === 403 ? 'access_denied' : status === 404 ? 'not_found' : 'validation';
  }
  return new RouterError(kind, `${name}: ${message}`, { deployment });
}
