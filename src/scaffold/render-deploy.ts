// The deployment files (pure): .env.example and a compose file for the deployment environment.
// Airgapped: the runtime and a local model server share an internal network with no egress and
// no published port. Enterprise: read-only root, resource limits, no new privileges.
import type { Plan } from './plan.ts';

export function renderEnvExample(p: Plan): string {
  const env = p.answers.deployment_env;
  const lines = [
    `# ${p.name}: environment for \`agentos run\` (copy to .env and fill in; never commit .env).`,
    '# Keys live here or in your secret store, never in agents.yaml (it names variables, never values).',
    'LLM_PROVIDER=openai-compatible',
  ];
  if (env === 'airgapped') lines.push('# The local model server on the internal network (docker-compose.yml); nothing leaves it.', 'LLM_BASE_URL=http://ollama:11434/v1', `LLM_MODEL=${p.models.tiers.balanced.model}`, 'LLM_API_KEY=');
  else if (env === 'local laptop') lines.push('# A local model server (Ollama, LM Studio, llama.cpp); or any OpenAI-compatible endpoint.', 'LLM_BASE_URL=http://localhost:11434/v1', `LLM_MODEL=${p.models.tiers.balanced.model}`, 'LLM_API_KEY=');
  else lines.push('LLM_BASE_URL=https://api.openai.com/v1', `LLM_MODEL=${p.models.tiers.balanced.model}`, 'LLM_API_KEY=', '# OPENAI_API_KEY=   # a tier with api_key_env: OPENAI_API_KEY reads its key from here');
  lines.push(
    'LLM_MAX_ATTEMPTS=3',
    'LOG_LEVEL=info',
    'POLL_INTERVAL=5',
    '# 64+ hex characters; else DATA/.agentos/capability.key is made on first run (mode 0600).',
    '# AGENTOS_CAPABILITY_KEY=',
    '',
  );
  return lines.join('\n');
}

export function renderCompose(p: Plan): string {
  const env = p.answers.deployment_env;
  const head = [
    `# ${p.name} (${env}): \`docker compose up -d\` in this folder. The image is AgentOS's own:`,
    '# build it once from an AgentOS clone with `docker build -t agentos .`.',
    '# bubblewrap (the tool sandbox) needs user namespaces: hence the unconfined seccomp and AppArmor profiles.',
  ];
  const svc = [
    'services:',
    '  agentos:',
    '    image: agentos:latest',
    '    restart: unless-stopped',
    '    env_file: [.env]',
    '    security_opt:',
    '      - seccomp=unconfined',
    '      - apparmor=unconfined',
    ...(env === 'enterprise' ? ['      - no-new-privileges:true'] : []),
    '    volumes:',
    '      - ./:/data',
  ];
  if (env === 'airgapped') {
    svc.push(
      '    # No published port: the internal network has no route out, and none in. Use',
      '    # `docker compose exec agentos node /app/bin/agentos.js status --data /data`.',
      '    networks: [internal]',
      '    depends_on: [ollama]',
      '  ollama:',
      '    # The local model server. Load the models of agents.yaml into its volume before',
      '    # disconnecting (`ollama pull NAME` on a connected machine, then copy the volume).',
      '    image: ollama/ollama:latest',
      '    restart: unless-stopped',
      '    volumes:',
      '      - ollama-models:/root/.ollama',
      '    networks: [internal]',
      'networks:',
      '  internal:',
      '    internal: true   # no egress: nothing on it reaches the outside world',
      'volumes:',
      '  ollama-models: {}',
    );
  } else {
    svc.push('    ports:', '      - "127.0.0.1:8484:8484"   # the HTTP API on this machine only; put a TLS proxy with auth in front to share it');
    if (env === 'enterprise') {
      svc.push(
        '    read_only: true',
        '    tmpfs: [/tmp]',
        '    deploy:',
        '      resources:',
        '        limits: { cpus: "2", memory: 4g }',
      );
    }
    if (env !== 'local laptop') svc.push('    logging:', '      driver: json-file', '      options: { max-size: "20m", max-file: "5" }');
  }
  return `${[...head, ...svc].join('\n')}\n`;
}
