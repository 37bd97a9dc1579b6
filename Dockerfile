# golive: one bot process serving Slack and Feishu on one HTTP port (/slack/events, /feishu/events,
# /healthz, /readyz). Run several replicas behind a load balancer with MONGODB_URI set (docs/deploy.md).

# Build stage: compile the TypeScript once (npm run build → dist/), so the running image starts from
# plain JavaScript: no transpiling at start-up, and less memory than running the sources through tsx.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production

# better-sqlite3 ships prebuilt binaries for this platform; build tools are only a fallback.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

COPY --from=build /app/dist ./dist
# Read at run time from the working directory (FLOWS_DIR, GOLIVE_CONFIG): mount your own to replace them.
COPY flows ./flows
COPY config ./config

# Secrets (SLACK_*, FEISHU_*, credentials inside MONGODB_URI) come from the environment at run time,
# never from the image.
ENV PORT=3000 HOST=0.0.0.0
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm): SIGTERM from `docker stop` reaches golive, which stops cleanly.
CMD ["node", "dist/adapters/main.js"]
