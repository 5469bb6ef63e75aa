export { KeelConfigSchema, type KeelConfig, type KeelConfigInput } from './schema';
export { loadConfig, applyEnvOverrides, resolveDataPath, ConfigError, type LoadedConfig } from './load';
