// A definition's text (YAML, or JSON, which is YAML) parsed with positions, so validation errors
// can say line and column. Bounded like API bodies: few aliases, none recursive, limited depth.
import { LineCounter, parseDocument, isNode, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { DEFINITION_LIMITS } from './definition';
import { nestingProblem } from '../json-schema';

export const MAX_SOURCE_DEPTH = 64;
const MAX_ALIASES = 100;

export type PathSegment = string | number;
export interface Position {
  line: number;
  column: number;
}

export interface ParsedSource {
  value: unknown;
  /** Where the value at a path starts in the text (the nearest existing ancestor when it is missing). */
  locate(path: readonly PathSegment[]): Position | undefined;
}

export interface SourceProblem {
  message: string;
  position?: Position;
}

/** Depth and cycles of a parsed value; a problem or undefined. */
export function structureProblem(root: unknown): string | undefined {
  return nestingProblem(root, MAX_SOURCE_DEPTH, 'the definition');
}

export function parseSource(text: string): { source: ParsedSource } | { problem: SourceProblem } {
  if (Buffer.byteLength(text) > DEFINITION_LIMITS.maxDefinitionBytes) {
    return { problem: { message: `the definition is larger than ${DEFINITION_LIMITS.maxDefinitionBytes} bytes` } };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const [error] = doc.errors;
  if (error) return { problem: { message: `not valid YAML or JSON: ${error.message.split('\n')[0]}`, position: position(error.pos[0]) } };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return { problem: { message: `not a usable definition: ${(err as Error).message}` } };
  }
  const problem = structureProblem(value);
  if (problem) return { problem: { message: problem } };
  return {
    source: {
      value,
      locate(path) {
        let node: unknown = doc.contents;
        let found: YamlNode | undefined = isNode(node) ? node : undefined;
        for (const segment of path) {
          if (isMap(node) || isSeq(node)) node = node.get(segment as never, true);
          else break;
          if (!isNode(node)) break;
          found = node;
        }
        return found?.range ? position(found.range[0]) : undefined;
      },
    },
  };
}
