// Model-supplied arguments are checked against the tool's own inputSchema before any call.
import { compileSchemaCheck, type SchemaCheck } from '../json-schema';

/** Returns null when valid, else a message the model can act on. */
export type ArgsCheck = (args: unknown) => string | null;

export function compileArgsCheck(toolName: string, inputSchema: Record<string, unknown>): ArgsCheck {
  let check: SchemaCheck;
  try {
    check = compileSchemaCheck(inputSchema);
  } catch {
    // A schema ajv (or RE2) cannot compile is the server's bug; let the server judge the arguments.
    return () => null;
  }
  return (args) => {
    const r = check(args ?? {});
    if (r.valid) return null;
    const detail = (r.errorMessage || 'does not match the schema').replace(/\bdata(?=[/ ]|$)/g, 'arguments');
    return `Invalid arguments for tool "${toolName}": ${detail}. Expected JSON schema: ${JSON.stringify(inputSchema)}`;
  };
}
