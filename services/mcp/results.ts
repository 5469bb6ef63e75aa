// Converts SDK tool-call results and tool listings to Keel's small serialisable shapes.
import type { ToolCallResult, ToolDescriptor } from './types';

type ContentPart = { type: string; text?: string; mimeType?: string; uri?: string; resource?: { uri?: string; text?: string } };

export function toToolCallResult(raw: { content?: unknown; isError?: unknown; structuredContent?: unknown; toolResult?: unknown }): ToolCallResult {
  const parts = Array.isArray(raw.content) ? (raw.content as ContentPart[]) : [];
  const text = parts.map(partText).join('\n');
  const content = parts.length === 0 && raw.toolResult !== undefined ? JSON.stringify(raw.toolResult) : text;
  const result: ToolCallResult = { content, isError: raw.isError === true };
  if (raw.structuredContent !== undefined) result.structuredContent = raw.structuredContent;
  return result;
}

function partText(p: ContentPart): string {
  switch (p.type) {
    case 'text':
      return p.text ?? '';
    case 'resource':
      return p.resource?.text ?? `[resource ${p.resource?.uri ?? ''}]`;
    case 'resource_link':
      return `[resource_link ${p.uri ?? ''}]`;
    default:
      return `[${p.type}${p.mimeType ? ` ${p.mimeType}` : ''}]`;
  }
}

export function toToolDescriptor(server: string, t: { name: string; title?: string; description?: string; inputSchema: Record<string, unknown>; annotations?: Record<string, unknown> }): ToolDescriptor {
  const a = t.annotations ?? {};
  const annotations: ToolDescriptor['annotations'] = {};
  const title = typeof a.title === 'string' ? a.title : t.title;
  if (title !== undefined) annotations.title = title;
  for (const k of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof a[k] === 'boolean') annotations[k] = a[k] as boolean;
  }
  return { server, name: t.name, description: t.description ?? '', inputSchema: t.inputSchema, annotations };
}

export const toolError = (message: string): ToolCallResult => ({ content: message, isError: true });
