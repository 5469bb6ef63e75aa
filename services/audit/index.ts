// Public face of services/audit: the append-only audit log.
export * from './types';
export { auditLog, encodeAuditCursor, decodeAuditCursor, InvalidAuditCursorError, type AuditLog } from './log';
