# AgentOS runtime image. Provider settings come from the environment (LLM_*), never the image.
FROM node:24-slim

LABEL org.opencontainers.image.title="AgentOS" \
      org.opencontainers.image.description="Self-learning LLM agent runtime: Markdown and YAML minds in git, model-agnostic"

# git for the agents' histories; bubblewrap for the tool sandbox.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git bubblewrap ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src

# A fixed, documented uid: 1000, the `node` user of node:24-slim. A data directory made on the
# host must be writable by it: `sudo chown -R 1000:1000 my-data` (or run with --user "$(id -u):$(id -g)").
# /remote: the git remote a cluster of workers shares (docker-compose.scale.yml mounts a volume there).
RUN mkdir -p /data /remote && chown -R 1000:1000 /data /remote
VOLUME /data
USER 1000:1000

# The container must listen on 0.0.0.0; who can reach it is decided by `-p` (127.0.0.1:8484:8484).
# The API token is $AGENTOS_API_TOKEN, else generated on first start into /data/.agentos/api-token;
# AGENTOS_ALLOW_GENERATED_TOKEN=1 lets the generated one serve on 0.0.0.0 (set 0 to require your own).
ENV DATA_DIR=/data \
    AGENTOS_HOST=0.0.0.0 \
    AGENTOS_PORT=8484 \
    AGENTOS_ALLOW_GENERATED_TOKEN=1 \
    POLL_INTERVAL=5 \
    LLM_BASE_URL=https://api.openai.com/v1 \
    LLM_MODEL=gpt-4o \
    LLM_MAX_TOKENS=2048 \
    LLM_TIMEOUT=60
EXPOSE 8484

# /healthz needs no token; the port follows AGENTOS_PORT (.ci/docker-smoke runs this very line).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.AGENTOS_PORT||8484)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["node", "/app/bin/agentos.js", "run", "--data", "/data"]
