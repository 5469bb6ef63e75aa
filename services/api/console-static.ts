// The console's built files (dist/console, scripts/build-console.mjs) at /console: hashed assets
// cached for good, index.html never, and index.html for every other /console/* path so the
// browser's router owns them. Encapsulated (registered with the /console prefix): none of this
// touches the API's routes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const HIDDEN = { schema: { hide: true } } as const;

export const consoleStatic: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });
  if (!existsSync(join(dir, 'index.html'))) {
    const missing = (_: unknown, reply: FastifyReply) =>
      reply.status(503).type('text/plain').send('The Keel console is not built: run `npm run build` (or `npm start`, which builds it when missing).');
    app.get('/', HIDDEN, missing);
    app.get('/*', HIDDEN, missing);
    return;
  }

  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
    decorateReply: true,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  // A page path (/console/runs/run_1) is not a file: the app's router reads it from location.
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
    }
    if (/\/assets\//.test(request.url)) return reply.status(404).type('text/plain').send('not found');
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
};
