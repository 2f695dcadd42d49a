# syntax=docker/dockerfile:1
# Skranke in a container (docs/deployment.md). Three stages:
#   build    the same steps as CI: npm ci, npm run build; then npm pack (what a release ships)
#   install  the packed package with production dependencies only: npm ci --omit=dev
#            (better-sqlite3 is compiled here, so the runtime image needs no compiler)
#   runtime  node:20-bookworm-slim, the installed package, a non-root user, a health check on /readyz
# The steps are those of `npm run test:production-install` (run it before changing them here).
# Migrations run when the server starts, as with `npm start` (a PostgreSQL advisory lock keeps
# several starting processes from racing).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

FROM toolchain AS build
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build
RUN mkdir -p /pack \
 && npm pack --silent --pack-destination /pack \
 && tar -xzf /pack/skranke-*.tgz -C /pack \
 && cp package-lock.json /pack/package/

FROM toolchain AS install
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /pack/package/ ./
# --omit=optional as well: the Prisma CLI and TypeScript are optional peers of @prisma/client.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
COPY --from=install --chown=root:root /app ./
# SQLite's default file lives in /app/data (mount a volume there); with PostgreSQL it stays empty.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3978
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# As `npm start` runs it (package.json), without npm in between: SIGTERM reaches the server,
# which stops accepting, closes its sockets (clients reconnect to another process) and exits.
CMD ["node", "--enable-source-maps", "--disable-warning=DEP0111", "dist/main.js"]
