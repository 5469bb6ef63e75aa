// The Anthropic Messages wire format <-> the canonical request, response and stream events.
import { describe, expect, it } from 'vitest';
import {
  AnthropicEventWriter, AnthropicMessagesRequestSchema, AnthropicUnsupportedError, anthropicErrorType, fromAnthropicRequest, toAnthropicResponse,
  ERROR_KINDS, type ChatResponse,
} from '../../services/router';

const parse = (body: unknown) => fromAnthropicRequest(AnthropicMessagesRequestSchema.parse(body));
const servedBy = { logicalModel: 'chat', deployment: 'v', provider: 'openai', providerModel: 'qwen' };
const response = (over: Partial<ChatResponse> = {}): ChatResponse => ({
  content: 'hi', toolCalls: [], stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, servedBy, costUsd: 0, latencyMs: 1, failovers: [], ...over,
});

describe('Anthropic request -> canonical', () => {
  it('maps system blocks, text, a tool_use round trip and generation parameters', () => {
    const req = parse({
      model: 'chat', max_tokens: 64, temperature: 0.2, top_p: 0.9, stop_sequences: ['END'],
      system: [{ type: 'text', text: 'Be ' }, { type: 'text', text: 'brief.' }],
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: 'rain' }], is_error: true }, { type: 'text', text: 'so?' }] },
      ],
      tools: [{ name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'auto' },
    });
    expect(req.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'tu_1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { role: 'tool', toolCallId: 'tu_1', content: 'rain', isError: true },
      { role: 'user', content: 'so?' },
    ]);
    expect(req.tools).toEqual([{ name: 'weather', description: 'Weather by city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(req.toolChoice).toBe('auto');
    expect(req.generation).toEqual({ maxTokens: 64, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
    expect(req.providerExtensions).toBeUndefined();
  });

  it('maps tool_choice any / none / a named tool (a named choice, every tool still offered)', () => {
    const base = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'a', input_schema: { type: 'object' } }, { name: 'b', input_schema: { type: 'object' } }] };
    expect(parse({ ...base, tool_choice: { type: 'any' } }).toolChoice).toBe('required');
    expect(parse({ ...base, tool_choice: { type: 'none' } }).toolChoice).toBe('none');
    const named = parse({ ...base, tool_choice: { type: 'tool', name: 'b' } });
    expect(named.toolChoice).toEqual({ name: 'b' });
    expect(named.tools!.map((t) => t.name)).toEqual(['a', 'b']);
    expect(() => parse({ ...base, tool_choice: { type: 'tool', name: 'zzz' } })).toThrow(AnthropicUnsupportedError);
  });

  it('maps top_k, metadata.user_id (an optional end user) and disable_parallel_tool_use onto the canonical request', () => {
    const req = parse({ model: 'm', max_tokens: 5, top_k: 40, metadata: { user_id: 'u-1' }, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'a', input_schema: { type: 'object' } }], tool_choice: { type: 'auto', disable_parallel_tool_use: true } });
    expect(req).toMatchObject({ generation: { maxTokens: 5, topK: 40 }, endUser: 'u-1', endUserOptional: true, parallelToolCalls: false });
    expect(req.providerExtensions).toBeUndefined();
    expect(parse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'auto', disable_parallel_tool_use: false } }).parallelToolCalls).toBeUndefined();
  });

  it('maps image and PDF document blocks to content parts, in order', () => {
    const req = parse({
      model: 'm', max_tokens: 5, messages: [{
        role: 'user', content: [
          { type: 'text', text: 'compare ' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'Q3 report' },
          { type: 'text', text: 'please' },
        ],
      }],
    });
    expect(req.messages).toEqual([{
      role: 'user', content: 'compare please', parts: [
        { type: 'text', text: 'compare ' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'image', url: 'https://example.com/cat.jpg' },
        { type: 'document', data: 'data:application/pdf;base64,JVBERi0=', filename: 'Q3 report' },
        { type: 'text', text: 'please' },
      ],
    }]);
  });

  it('refuses what it cannot carry, naming the parameter', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    for (const body of [
      { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'text', text: 'see' }, image] }] },
      { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [image] }] }] },
    ]) {
      try {
        parse(body);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AnthropicUnsupportedError);
        expect((e as AnthropicUnsupportedError).param).toMatch(/^messages\.[01]\.content\.[01]/);
      }
    }
    expect(AnthropicMessagesRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).success).toBe(false); // max_tokens is required
    expect(AnthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'thinking', thinking: 'x' }] }] }).success).toBe(false);
    expect(AnthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'text/html', data: 'x' } }] }] }).success).toBe(false);
    expect(AnthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: 5, temperature: 1.5, messages: [{ role: 'user', content: 'x' }] }).success).toBe(false);
    expect(AnthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: 5, unknown_knob: 1, messages: [{ role: 'user', content: 'x' }] }).success).toBe(false);
  });
});

describe('canonical -> Anthropic', () => {
  it('answers a message with text and tool_use blocks and Anthropic stop reasons', () => {
    const r = toAnthropicResponse('msg_1', 'chat', response({ content: 'ok', toolCalls: [{ id: 't1', name: 'a', arguments: { x: 1 } }], stopReason: 'tool_use' }));
    expect(r).toEqual({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'chat',
      content: [{ type: 'text', text: 'ok' }, { type: 'tool_use', id: 't1', name: 'a', input: { x: 1 } }],
      stop_reason: 'tool_use', stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(toAnthropicResponse('m', 'c', response({ stopReason: 'max_tokens' })).stop_reason).toBe('max_tokens');
    expect(toAnthropicResponse('m', 'c', response({ stopReason: 'stop_sequence', stopSequence: 'END' }))).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    expect(toAnthropicResponse('m', 'c', response({ stopReason: 'content_filtered' })).stop_reason).toBe('refusal');
    expect(toAnthropicResponse('m', 'c', response({ content: '', toolCalls: [{ id: 't', name: 'a', arguments: {} }] })).content).toEqual([{ type: 'tool_use', id: 't', name: 'a', input: {} }]);
  });

  it('writes stream events in Anthropic order', () => {
    const w = new AnthropicEventWriter('msg_1', 'chat');
    const text = w.start() + w.text('he') + w.text('llo') + w.end(response({ content: 'hello', toolCalls: [{ id: 't1', name: 'a', arguments: { x: 1 } }], stopReason: 'tool_use' }));
    const events = text.split('\n\n').filter(Boolean).map((b) => {
      const [ev, data] = b.split('\n');
      const parsed = JSON.parse(data.slice('data: '.length));
      expect(ev).toBe(`event: ${parsed.type}`);
      return parsed;
    });
    expect(events.map((e) => e.type)).toEqual([
      'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(events[3]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'he' } });
    expect(events[6]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't1', name: 'a', input: {} } });
    expect(events[7].delta).toEqual({ type: 'input_json_delta', partial_json: '{"x":1}' });
    expect(events[9]).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 2 } });
  });

  it("types every router error kind's status as an Anthropic error type", () => {
    const types = Object.fromEntries(Object.entries(ERROR_KINDS).map(([k, p]) => [k, anthropicErrorType(p.httpStatus)]));
    expect(types).toMatchObject({
      validation: 'invalid_request_error', context_window: 'invalid_request_error', not_found: 'not_found_error', rate_limited: 'rate_limit_error',
      unavailable: 'overloaded_error', no_deployment: 'overloaded_error', timeout: 'timeout_error', connection: 'api_error', access_denied: 'api_error',
    });
    expect(anthropicErrorType(401)).toBe('authentication_error');
    expect(anthropicErrorType(413)).toBe('request_too_large');
  });
});
