#!/usr/bin/env node
// Launcher: AgentOS is TypeScript run by Node's type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `agentos needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}.\n` +
      'Run it through npm (`npm run demo`, which uses the Node 24 installed in node_modules) or install Node 24.\n',
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`agentos: unexpected error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
