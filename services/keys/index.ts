// Public face of services/keys: a tenant's API keys, created (the secret shown once) with scopes,
// listed without their secret, revoked (refused by the next request's authentication).
export { apiKeyService, type ApiKeyService, type NewApiKey } from './service';
export { API_SCOPES, ApiScopesSchema, DEFAULT_API_KEY_SCOPES, grants, missingScope, normalizeScopes, type ApiScope } from './policy';
