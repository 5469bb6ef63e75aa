export { KeelConfigSchema, type KeelConfig, type KeelConfigInput } from './schema';
export { loadConfig, applyEnvOverrides, resolveDataPath, configEnvUsage, ConfigError, type LoadedConfig } from './load';
