// Public face of services/keys: a tenant's API keys, created (the secret shown once), listed
// without their secret, revoked (refused by the next request's authentication).
export { apiKeyService, ApiKeyLabel, type ApiKeyService } from './service';
