export { buildApi, type ApiDeps } from './app';
export { ApiError, parseOr400, notFound, badRequest, conflict, errorHandler } from './errors';
export type { Tenant } from './tenant';
