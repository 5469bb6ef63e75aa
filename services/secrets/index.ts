// Public face of services/secrets: each tenant's secrets, encrypted at rest with the operator's key.
export { tenantSecrets, type TenantSecrets, type TenantSecretReader, type SecretSummary } from './service';
export { SecretName } from './policy';
export { secretCipher, type SecretCipher } from './cipher';
export { loadSecretsKey } from './key';
