# AgentOS runtime image. Provider settings come from the environment (LLM_*), never the image.
FROM node:24-slim

LABEL org.opencontainers.image.title="AgentOS" \
      org.opencontainers.image.description="Self-learning LLM agent runtime: Markdown and YAML minds in git, model-agnostic"

# git for the agents' histories; bubblewrap for the tool sandbox.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git bubblewrap ca-certificates \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --shell /bin/bash agentos

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src

# /remote: the git remote a cluster of workers shares (docker-compose.scale.yml mounts a volume there).
RUN mkdir -p /data /remote && chown -R agentos:agentos /data /remote
VOLUME /data
USER agentos

ENV DATA_DIR=/data \
    AGENTOS_HOST=0.0.0.0 \
    AGENTOS_PORT=8484 \
    POLL_INTERVAL=5 \
    LLM_BASE_URL=https://api.openai.com/v1 \
    LLM_MODEL=gpt-4o \
    LLM_MAX_TOKENS=2048 \
    LLM_TIMEOUT=60
EXPOSE 8484

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8484/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["node", "/app/bin/agentos.js", "run", "--data", "/data"]
