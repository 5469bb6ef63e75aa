// The Temporal codec-server protocol (POST /codec/decode, /codec/encode): what the Temporal Web UI
// and `temporal --codec-endpoint` call to show operators decrypted payloads. Temporal namespaces are
// shared by every tenant, so a key that decodes reads any tenant's payloads: only `admin` keys of
// the operator's own tenants (`api.codec.operatorTenants`) may call it. CORS is answered in app.ts.
import type { PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../errors';
import { payloadFromJson, payloadToJson } from '../../temporal';
import { ApiError } from '../errors';

export interface CodecRouteOptions {
  codec: PayloadCodec;
  /** Tenant names whose admin keys may decode (the platform operator's). */
  operatorTenants: readonly string[];
}

const Base64 = z.string().max(8 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const JsonPayload = z.object({
  metadata: z.record(z.string().min(1).max(256), Base64).optional(),
  data: Base64.optional(),
});
const PayloadsBody = z.object({ payloads: z.array(JsonPayload).max(1_000) });
const NamespaceHeader = z.object({ 'x-namespace': z.string().max(255).optional() });

export const codecRoutes: FastifyPluginAsyncZod<CodecRouteOptions> = async (app, { codec, operatorTenants }) => {
  app.addHook('preHandler', async (request) => {
    if (!operatorTenants.includes(request.tenant.name)) {
      throw new ApiError(403, 'forbidden', 'the codec endpoint decodes every tenant\'s payloads: only the operator\'s tenants (api.codec.operatorTenants) may use it');
    }
  });

  const convert = async (payloads: z.infer<typeof JsonPayload>[], direction: 'decode' | 'encode') => {
    const input = payloads.map(payloadFromJson);
    try {
      const output = direction === 'decode' ? await codec.decode(input) : await codec.encode(input);
      return { payloads: output.map(payloadToJson) };
    } catch (err) {
      throw invalid(`cannot ${direction}: ${(err as Error).message}`, undefined, 'codec_failed');
    }
  };

  for (const direction of ['decode', 'encode'] as const) {
    app.post(`/codec/${direction}`, {
      config: { scope: 'admin' },
      schema: {
        operationId: direction === 'decode' ? 'decodePayloads' : 'encodePayloads',
        summary: direction === 'decode'
          ? 'Decrypt Temporal payloads (codec-server protocol, for the Temporal Web UI and CLI)'
          : 'Encrypt Temporal payloads with the current key (codec-server protocol)',
        description: 'Only for the operator\'s tenants (`api.codec.operatorTenants`): Temporal namespaces are shared by tenants. '
          + 'Payloads are protobuf JSON: metadata values and data in base64. `X-Namespace` (sent by the Web UI) is accepted and not needed.',
        tags: ['codec'],
        headers: NamespaceHeader,
        body: PayloadsBody,
        response: { 200: PayloadsBody.describe('The payloads, in the same order') },
      },
    }, async (request) => convert(request.body.payloads, direction));
  }
};
