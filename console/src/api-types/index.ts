// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// Every route's types: one file per API tag, joined here.
import type { AgentsPaths, AgentsOperations } from './agents';
import type { AuditPaths, AuditOperations } from './audit';
import type { CodecPaths, CodecOperations } from './codec';
import type { CollectionsPaths, CollectionsOperations } from './collections';
import type { ConsolePaths, ConsoleOperations } from './console';
import type { ConversationsPaths, ConversationsOperations } from './conversations';
import type { GatewayPaths, GatewayOperations } from './gateway';
import type { IngestPaths, IngestOperations } from './ingest';
import type { KeysPaths, KeysOperations } from './keys';
import type { MetaPaths, MetaOperations } from './meta';
import type { ReplaysPaths, ReplaysOperations } from './replays';
import type { RunsPaths, RunsOperations } from './runs';
import type { SecretsPaths, SecretsOperations } from './secrets';
import type { SourcesPaths, SourcesOperations } from './sources';
import type { ToolsPaths, ToolsOperations } from './tools';
import type { TracesPaths, TracesOperations } from './traces';
import type { WorkflowsPaths, WorkflowsOperations } from './workflows';
export * from './components';
export interface paths extends AgentsPaths, AuditPaths, CodecPaths, CollectionsPaths, ConsolePaths, ConversationsPaths, GatewayPaths, IngestPaths, KeysPaths, MetaPaths, ReplaysPaths, RunsPaths, SecretsPaths, SourcesPaths, ToolsPaths, TracesPaths, WorkflowsPaths {
}
export interface operations extends AgentsOperations, AuditOperations, CodecOperations, CollectionsOperations, ConsoleOperations, ConversationsOperations, GatewayOperations, IngestOperations, KeysOperations, MetaOperations, ReplaysOperations, RunsOperations, SecretsOperations, SourcesOperations, ToolsOperations, TracesOperations, WorkflowsOperations {
}
