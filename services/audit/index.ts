// Public face of services/audit: the append-only audit log.
export * from './types';
export { auditLog, type AuditLog } from './log';
/** Thrown by `list` for a cursor it did not issue. */
