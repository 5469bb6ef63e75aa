// A tenant managing its own API keys. Keys are stored hashed (services/store); the plain key
// exists only in the response that creates it.
import { z } from 'zod';
import type { ApiKeyRecord, Store } from '../store';
import type { AuditActor, AuditLog } from '../audit';
import { notFound, parseInput } from '../errors';
import { ApiScopesSchema, DEFAULT_API_KEY_SCOPES, normalizeScopes } from './policy';

export const ApiKeyLabel = z.string().trim().min(1).max(100);

export interface NewApiKey {
  label?: unknown;
  /** Defaults to DEFAULT_API_KEY_SCOPES (read only). */
  scopes?: unknown;
}

export function apiKeyService(deps: { store: Store; audit?: AuditLog }) {
  const { store, audit } = deps;
  return {
    async create(tenantId: string, input: NewApiKey, actor: AuditActor): Promise<ApiKeyRecord & { key: string }> {
      const label = parseInput(ApiKeyLabel, input.label ?? 'api', 'label');
      const scopes = normalizeScopes(parseInput(ApiScopesSchema, input.scopes ?? DEFAULT_API_KEY_SCOPES, 'scopes'));
      const { id, key } = await store.tenants.createApiKey(tenantId, label, scopes);
      await audit?.append({ tenantId, action: 'key.created', actor, target: { type: 'api_key', id }, details: { label, scopes } });
      const record = (await store.tenants.listApiKeys(tenantId)).find((k) => k.id === id)!;
      return { ...record, key };
    },

    list: (tenantId: string) => store.tenants.listApiKeys(tenantId),

    async revoke(tenantId: string, id: string, actor: AuditActor): Promise<void> {
      if (!(await store.tenants.revokeApiKey(tenantId, id))) throw notFound(`active API key ${id}`);
      await audit?.append({ tenantId, action: 'key.revoked', actor, target: { type: 'api_key', id }, details: {} });
    },
  };
}
export type ApiKeyService = ReturnType<typeof apiKeyService>;
