// `agentos skills import AGENT DIR…`: Agent Skills folders into an agent, with provenance.
import { resolveDataDir } from '../../config/index.ts';
import { DEFAULT_SKILL_LIMITS, importSkills } from '../../portable/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'skills',
  summary: 'import Agent Skills folders (SKILL.md with front matter) into an agent: validated, within budget, committed, indexed',
  usage: 'agentos skills import AGENT DIR... [--max-files N] [--max-skill-kb N] [--data DIR]',
  options: { 'max-files': { type: 'string' }, 'max-skill-kb': { type: 'string' } },
  help: [
    'DIR                 a skill folder (holding SKILL.md), or a folder of skill folders; several may be given',
    `--max-files N       files in one skill folder (default ${DEFAULT_SKILL_LIMITS.files})`,
    `--max-skill-kb N    size of one skill folder (default ${DEFAULT_SKILL_LIMITS.bytes / 1024})`,
    'Imported skills start at evidence 0 (a prior, not proof) with provenance under metadata: origin: imported,',
    'imported_from, imported_sha256, imported. A bad SKILL.md is an error naming file:line and nothing is imported;',
    'what does not fit the skills budget is skipped or pruned, with the reason. Refused while a runtime runs (exit 4).',
  ],
};

const whole = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number above 0`, helpText(spec));
  return n;
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [sub, agent, ...dirs] = positionals;
  if (sub !== 'import') throw new UsageError(sub ? `unknown sub-command "${sub}" (only "import")` : 'expected "import AGENT DIR..."', helpText(spec));
  if (!agent || dirs.length === 0) throw new UsageError('expected AGENT and at least one DIR', helpText(spec));
  const files = whole(str(values['max-files']), '--max-files') ?? DEFAULT_SKILL_LIMITS.files;
  const kb = whole(str(values['max-skill-kb']), '--max-skill-kb');
  const r = await importSkills({ dataDir: resolveDataDir(str(values.data)), agent, dirs, limits: { files, bytes: kb ? kb * 1024 : DEFAULT_SKILL_LIMITS.bytes } });
  for (const w of r.warnings) err(`warning: ${w}`);
  for (const n of r.imported) out(`imported: ${n}`);
  for (const n of r.updated) out(`re-imported: ${n} (its content changed)`);
  for (const s of r.skipped) out(`skipped: ${s.name}: ${s.reason}`);
  for (const p of r.pruned) out(`pruned: ${p.name}: ${p.reason}`);
  out(r.commit ? `committed ${r.commit.slice(0, 12)}; skills.md regenerated; retrieval index updated` : 'nothing to commit');
  return EXIT.ok;
}
