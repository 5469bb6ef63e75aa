// Request bodies are parsed with structural limits: nesting depth for JSON and YAML, no recursive
// YAML aliases and a bounded alias count (no billion laughs). Breaking one is a 400, never a 500
// from a stack overflow or a cyclic value further in.
import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { invalid } from '../errors';
import { nestingProblem } from '../json-schema';

export const MAX_BODY_DEPTH = 64;
const MAX_YAML_ALIASES = 100;
const BODILESS_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS']);

/** Deepest `[`/`{` nesting of JSON text, scanned without parsing (strings skipped). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Depth of a parsed value; a value reachable from itself is refused. */
function checkValue(root: unknown, what: string): void {
  const problem = nestingProblem(root, MAX_BODY_DEPTH, what);
  if (problem) throw invalid(problem);
}

export function parseYamlBody(text: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    throw invalid(`body is not valid YAML: ${(err as Error).message}`);
  }
  checkValue(value, 'the YAML body');
  return value;
}

export function registerBodyParsers(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Clients label bodiless requests as JSON too (the MCP Python SDK's DELETE /mcp): no body, no value.
    if (BODILESS_METHODS.has(request.method) && !(body as string).trim()) return done(null, undefined);
    if (jsonDepth(body as string, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) return done(invalid(`the JSON body nests deeper than ${MAX_BODY_DEPTH} levels`), undefined);
    defaultJson(request, body as string, done);
  });
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseYamlBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
