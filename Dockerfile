# syntax=docker/dockerfile:1
# Build: compile TypeScript with the full dependency tree.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm workspaces: npm ci needs every workspace's manifest (the LangGraph client lives in packages/).
COPY packages/ packages/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY migrations/ migrations/
RUN npm run build

# Production dependencies only, installed apart so no dev tooling reaches the final image.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/ packages/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/-/readiness').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# package.json "config.nodeFlags" (docs/operations.md, "Memory"); a spec checks they match. Node does not
# take --single-threaded-gc from NODE_OPTIONS, so it is on the command line.
ENV NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=8 --expose-gc"
CMD ["node", "--single-threaded-gc", "dist/main.js"]
