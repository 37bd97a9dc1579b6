# golive: one bot process serving Slack and Feishu on one HTTP port (/slack/events, /feishu/events,
# /healthz, /readyz, /metrics). Several replicas may share one MongoDB (docs/deploy.md).
#   docker build -t golive .
#   docker run --env-file .env -v golive-data:/app/data -p 3000:3000 golive
# test/app/runtime-layout.test.ts rebuilds the runtime stage below outside Docker and starts it as a
# non-root user: keep its steps (COPY, RUN mkdir/chown, ENV, USER, CMD) in the shapes that test reads.

# Build stage: compile the TypeScript once (npm run build → dist/) and prune node_modules to what
# production needs. The C++ tool chain is here so better-sqlite3 compiles from source where its
# prebuilt binary cannot be downloaded (blocked networks, mainland China); the runtime stage never
# needs it. Node 22 LTS (Node 20 reached its end of life on 2026-04-30; the code still runs on it).
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
# npm prune drops the dev dependencies (tsx, esbuild, typescript, vitest…): the image runs plain JavaScript.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the same base image (same glibc, same Node ABI as the compiled better-sqlite3).
FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time from the working directory (FLOWS_DIR, GOLIVE_CONFIG): mount your own to replace them.
COPY flows ./flows
COPY calendars ./calendars
COPY config ./config
# The embedded store's folder (DATA_DIR), the one place the app writes: owned by the image's `node`
# user (uid 1000), as a volume mounted there will be on first use. Everything else stays root's.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# Secrets (SLACK_*, FEISHU_*, credentials inside MONGODB_URI) come from the environment at run time,
# never from the image.
ENV PORT=3000 HOST=0.0.0.0 DATA_DIR=/app/data
EXPOSE 3000
# The image's `node` user, by number so a runtime that cannot read /etc/passwd still runs it unprivileged.
USER 1000:1000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm): SIGTERM from `docker stop` reaches golive, which stops cleanly.
CMD ["node", "dist/adapters/main.js"]
