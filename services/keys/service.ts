// A tenant managing its own API keys. Keys are stored hashed (services/store); the plain key
// exists only in the response that creates it.
import { z } from 'zod';
import type { ApiKeyRecord, Store } from '../store';
import type { AuditActor, AuditLog } from '../audit';
import { notFound, parseInput } from '../errors';

export const ApiKeyLabel = z.string().trim().min(1).max(100);

export function apiKeyService(deps: { store: Store; audit?: AuditLog }) {
  const { store, audit } = deps;
  return {
    async create(tenantId: string, rawLabel: unknown, actor: AuditActor): Promise<ApiKeyRecord & { key: string }> {
      const label = parseInput(ApiKeyLabel, rawLabel ?? 'api', 'label');
      const { id, key } = await store.tenants.createApiKey(tenantId, label);
      await audit?.append({ tenantId, action: 'key.created', actor, target: { type: 'api_key', id }, details: { label } });
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
