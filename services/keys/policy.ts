// What an API key may do: its scopes. Pure rules, shared by the API's scope guard, the keys
// service and the MCP servers that authenticate keys themselves.
import { z } from 'zod';

export const API_SCOPES = ['admin', 'agents:write', 'workflows:write', 'runs', 'approve', 'ingest', 'read', 'gateway'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const ApiScopeSchema = z.enum(API_SCOPES);
export const ApiScopesSchema = z.array(ApiScopeSchema).min(1).max(API_SCOPES.length);

/** A key created over the API without `scopes`: it can look, not act. */
export const DEFAULT_API_KEY_SCOPES: readonly ApiScope[] = ['read'];

/** `admin` implies every scope. */
export const grants = (granted: readonly string[], required: ApiScope): boolean => granted.includes('admin') || granted.includes(required);

/** The first of `required` that `granted` lacks, or undefined when every one is granted. */
export const missingScope = (granted: readonly string[], required: readonly ApiScope[]): ApiScope | undefined =>
  required.find((scope) => !grants(granted, scope));

/** In the order of API_SCOPES, without duplicates; unknown names (a newer release's) dropped. */
export const normalizeScopes = (scopes: readonly string[]): ApiScope[] => API_SCOPES.filter((s) => scopes.includes(s));
