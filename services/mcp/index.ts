// Public face of the MCP layer: a pooled client, the shapes it speaks, and pure policy helpers.
export { createMcpPool, type McpPool, type McpPoolOptions, type CallToolOptions } from './pool';
export { McpCallError } from './errors';
export { McpConfig } from './config';
export { envSecretResolver, type SecretResolver, type TenantSecretResolver } from './secrets';
export * from './types';
export * from './policy';
export { toolServerRegistry, toolServerResolver, ToolServerBody, ToolRegistryError, type ToolServerRecord, type ToolServerRegistry, type ToolRegistryPolicy } from './registry';
export { inProcessServers, type InProcessServers, type InProcessServerFactory } from './in-process';
