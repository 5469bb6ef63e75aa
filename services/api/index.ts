export { buildApi, type ApiDeps, type ApiServices } from './app';
export { ApiError, errorHandler, STATUS_BY_KIND } from './errors';
export type { Tenant } from './tenant';
export type { RouteScope } from './scopes';
