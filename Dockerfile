# One image for the Keel API and worker processes (docker-compose picks the command): the JavaScript
# `npm run build` compiles, run with plain node. tsx stays for development (`npm start`).

# Build stage: every dependency (TypeScript, the workflow bundler, the C++ toolchain better-sqlite3
# compiles with), the build, then the dev dependencies pruned away for the runtime stage.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3 ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the preinstall script (scripts/system-deps.mjs) and, after it, patch-package, which
# applies patches/ to the installed dependencies.
COPY scripts ./scripts
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the compiled code (dist/, with dist/workflow-bundle.js, which the worker loads
# instead of bundling workflows at start-up) and production node_modules, run as the image's
# unprivileged `node` user, writing only to /data.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    KEEL_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/healthcheck.mjs ./scripts/
# The image has no TypeScript sources, so the shipped `http` MCP server (keel.yaml runs it with tsx
# from a checkout) runs compiled; this replaces keel.yaml's `mcpServers.http` entry.
ENV KEEL__mcpServers__http='{"transport":"stdio","command":"node","args":["dist/mcp-servers/http/server.js","--stdio"]}'
RUN mkdir -p /data && chown node:node /data
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "dist/services/api/main.js"]
