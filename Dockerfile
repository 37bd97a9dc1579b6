# golive: one bot process serving Slack and Feishu on one HTTP port (/slack/events, /feishu/events,
# /healthz, /readyz). Run several replicas behind a load balancer with MONGODB_URI set (docs/deploy.md).
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# better-sqlite3 ships prebuilt binaries for this platform; build tools are only a fallback.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

COPY src ./src
COPY adapters ./adapters
COPY flows ./flows
COPY config ./config
COPY tsconfig.json ./

# Secrets (SLACK_*, FEISHU_*, credentials inside MONGODB_URI) come from the environment at run time,
# never from the image.
ENV PORT=3000 HOST=0.0.0.0
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npx", "tsx", "adapters/main.ts"]
