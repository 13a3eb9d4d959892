# Karta API image (NestJS on Fastify) — also serves the Angular SPA from WEB_ROOT.
#
# Build from the repository root:
#   docker build -f docker/api.Dockerfile -t karta-api .
# or through docker/compose.yml.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------
# base: Node + npm 11 (package.json's "allowScripts" policy needs npm >= 11)
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11
RUN npm install -g "npm@${NPM_VERSION}" \
 && npm cache clean --force \
 && npm --version
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_SKIP_NX_CACHE=true \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /workspace

# ---------------------------------------------------------------------------
# build: full install (dev deps included) and production build of api + web
# ---------------------------------------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# NODE_ENV=production only for the build (npm ci above needs dev dependencies).
RUN NODE_ENV=production npx nx run-many -t build -p api web --configuration=production
# The webpack build (generatePackageJson) writes dist/apps/api/package.json and a
# matching package-lock.json holding only the runtime dependencies. Carry the
# root install-script policy over so the production install honours it too.
RUN node -e ' \
  const fs = require("fs"); \
  const root = JSON.parse(fs.readFileSync("package.json", "utf8")); \
  const file = "dist/apps/api/package.json"; \
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")); \
  if (root.allowScripts) pkg.allowScripts = root.allowScripts; \
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' \
 && test -f dist/apps/api/main.js \
 && test -f dist/apps/api/package-lock.json \
 && test -f dist/apps/web/browser/index.html

# ---------------------------------------------------------------------------
# deps: production node_modules from the pruned package.json + lockfile
# ---------------------------------------------------------------------------
FROM base AS deps
WORKDIR /app
COPY --from=build /workspace/dist/apps/api/package.json /workspace/dist/apps/api/package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WEB_ROOT=/app/web \
    STORAGE_DIR=/data/storage
WORKDIR /app

# Persistent uploads directory; a fresh named volume mounted here inherits node:node.
RUN mkdir -p /data/storage \
 && chown -R node:node /data

# Application files stay root-owned (read-only for the node user).
COPY --from=deps /app/node_modules ./node_modules
# main.js, main.js.map, package.json, package-lock.json and assets (if any)
COPY --from=build /workspace/dist/apps/api/ ./
COPY --from=build /workspace/dist/apps/web/browser/ ./web/

USER node
EXPOSE 3000

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Young-generation space as tools/dev/services.ts API_NODE_FLAGS (measured in docs/benchmarks.md).
CMD ["node", "--max-semi-space-size=64", "main.js"]
