# Careline, one instance per container: `node scripts/start.mjs` (the compiled server, dist/main.js, built below) as
# PID 1, so SIGTERM reaches it and the graceful shutdown runs (npm would not pass the signal on). Not built or run
# in this project's CI (no Docker engine there); `npm run cluster` runs the same topology as compose.yaml without
# containers, and `npm run test:cluster` tests it.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# postinstall runs the server build, which has nothing to build in this layer (no server/ yet) and says so by exiting 0.
COPY scripts/build-server.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/careline.db
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY server ./server
COPY scripts ./scripts
COPY knowledge ./knowledge
COPY prompts ./prompts
COPY web ./web
# The compiled server (no TypeScript is transpiled at start), built as root before the files become read-only to `node`.
RUN node scripts/build-server.mjs
# The local SQLite file (the knowledge index, built at start-up; the state too when DATABASE_URL is unset).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "scripts/start.mjs"]
