// A child process for crash tests: commits in a loop with the git writer until killed, printing
// "done <n> <sha>" after each commit returns (so the parent knows what must survive).
import { GitWriter } from '../../src/store/index.ts';

const [dir, startArg] = process.argv.slice(2);
const w = await GitWriter.open(dir, { repack: { everyCommits: 7, maxPacks: 20 } });
for (let n = Number(startArg); ; n++) {
  const changes = [
    { op: 'write' as const, path: 'counter.md', content: `${n}\n` },
    { op: 'write' as const, path: `tasks/t${n % 13}.md`, content: `task ${n}\n`.repeat(n % 5 + 1) },
    { op: 'write' as const, path: `deep/${n % 3}/${n % 7}/x.bin`, content: Buffer.from([n % 256, 0, 255]) },
  ];
  if (n % 4 === 0) changes.push({ op: 'delete', path: `tasks/t${(n + 5) % 13}.md` } as never);
  const r = await w.commit({ message: `task ${n}\0 with a NUL`, changes });
  process.stdout.write(`done ${n} ${r.sha}\n`);
}
