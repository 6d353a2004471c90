#!/usr/bin/env node
// Launcher: AgentOS is TypeScript run by Node's type stripping (Node >= 22.18). When the Node on
// PATH is older (a global `agentos` from `npm link`), it re-runs itself with the Node 24 that
// `npm install` put in node_modules (the `node` dev-dependency), if there is one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (existsSync(bundled) && !process.env.AGENTOS_RELAUNCHED) relaunch(bundled);
  else {
    process.stderr.write(
      `agentos needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}.\n` +
        'Run `npm install` in the AgentOS folder (it fetches Node 24 into node_modules, which this launcher then uses), or install Node 24.\n',
    );
    process.exit(2);
  }
} else {
  const { main } = await import('../src/cli/main.ts');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`agentos: unexpected error: ${err?.stack ?? err}\n`);
      process.exitCode = 70;
    },
  );
}

/** Runs this file again under `node`, passing signals on and its exit status back. */
function relaunch(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, AGENTOS_RELAUNCHED: '1' },
  });
  // Ctrl-C reaches the whole process group, the child included: do not send it twice.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`agentos: cannot start ${node}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
