// Every migration, in order. Add new ones with the next number; never edit a released one.
import type { Migration } from 'kysely';
import * as platform001 from './001_platform';
import * as auditLog002 from './002_audit_log';
import * as toolServers003 from './003_tool_servers';
import * as runReplays004 from './004_run_replays';
import * as runStatus005 from './005_run_status';
import * as tenantSecrets006 from './006_tenant_secrets';
import * as apiKeyScopes007 from './007_api_key_scopes';
import * as runSteps008 from './008_run_steps';
import * as conversations009 from './009_conversations';
import * as runParents010 from './010_run_parents';
import * as definitionVersions011 from './011_definition_versions';
import * as usageAndLimits012 from './012_usage_and_limits';
import * as runResumes014 from './014_run_resumes';
import * as consoleSessions015 from './015_console_sessions';
import * as runStartedBy016 from './016_run_started_by';

export const migrations: Record<string, Migration> = {
  '001_platform': platform001,
  '002_audit_log': auditLog002,
  '003_tool_servers': toolServers003,
  '004_run_replays': runReplays004,
  '005_run_status': runStatus005,
  '006_tenant_secrets': tenantSecrets006,
  '007_api_key_scopes': apiKeyScopes007,
  '008_run_steps': runSteps008,
  '009_conversations': conversations009,
  '010_run_parents': runParents010,
  '011_definition_versions': definitionVersions011,
  '012_usage_and_limits': usageAndLimits012,
  '014_run_resumes': runResumes014,
  '015_console_sessions': consoleSessions015,
  '016_run_started_by': runStartedBy016,
};
