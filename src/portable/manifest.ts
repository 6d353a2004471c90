// The manifest of an agent export (manifest.json in the archive): which agent, which history,
// its agents.yaml entry. Versioned: the writer stamps the current version, the reader refuses
// a missing or newer one before the schema runs. Pinned by fixtures/*.agentos.tar.
//
// Versions:
//   1 — manifest.json + agent.bundle (a git bundle of refs/heads/main, complete history).
import { z } from 'zod';
import { AGENT_NAME_RE } from '../store/index.ts';
import { archiveError, PortableError } from './errors.ts';

export const FORMAT = 'agentos-agent-export';
export const CURRENT_VERSION = 1;
export const SUPPORTED_VERSIONS = [1];
export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_FILE = 'agent.bundle';
export const BUNDLE_REF = 'refs/heads/main';
/** manifest.json is small (an agents.yaml entry); anything larger is refused unread. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex');

export const ManifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  agent: z.string().regex(AGENT_NAME_RE, 'a lowercase agent name of letters, digits, "-" or "_" (it names a folder)'),
  exported_at: z.iso.datetime(),
  agentos_version: z.string().max(64),
  /** The commit refs/heads/main pointed at: the import must arrive at the same one. */
  head: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a commit id'),
  commits: z.int().min(1),
  bundle: z.strictObject({
    file: z.literal(BUNDLE_FILE),
    ref: z.literal(BUNDLE_REF),
    bytes: z.int().min(1),
    sha256,
  }),
  /** The agents.yaml entry, self-contained (top-level defaults it relied on folded in), without secrets. */
  entry: z.record(z.string(), z.unknown()),
  /** Paths of entry values left out because they may hold secrets (e.g. "mcp_servers[0].headers"). */
  removed: z.array(z.string().max(200)).max(100),
  /** The exporting data directory's `privacy:` section (it is not the agent's): import warns when the new home lacks it. */
  privacy: z.record(z.string(), z.unknown()).optional(),
});

export type Manifest = z.infer<typeof ManifestSchema>;

/** Reads manifest.json: version first (missing or newer is refused with what to do), then the schema. */
export function readManifest(text: string, file: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw archiveError(file, `${MANIFEST_FILE} is not JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw archiveError(file, `${MANIFEST_FILE} is not a JSON object`);
  const o = json as Record<string, unknown>;
  if (o.format !== FORMAT) throw archiveError(file, `${MANIFEST_FILE} says format ${JSON.stringify(o.format)}, expected "${FORMAT}": not an AgentOS agent export`);
  const v = o.version;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw archiveError(file, `${MANIFEST_FILE} has no whole-number "version"`);
  if (v > CURRENT_VERSION) {
    throw new PortableError('FORMAT_NEWER', `${file}: export format version ${v} is from a newer AgentOS (this one reads ${SUPPORTED_VERSIONS.join(', ')}); upgrade AgentOS to import it`);
  }
  if (!SUPPORTED_VERSIONS.includes(v)) throw archiveError(file, `export format version ${v} is not supported (reads ${SUPPORTED_VERSIONS.join(', ')})`);
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw archiveError(file, `${MANIFEST_FILE}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  }
  if (parsed.data.entry.name !== parsed.data.agent) throw archiveError(file, `${MANIFEST_FILE}: entry.name ${JSON.stringify(parsed.data.entry.name)} is not the agent "${parsed.data.agent}"`);
  return parsed.data;
}

export function renderManifest(m: Manifest): string {
  return `${JSON.stringify(ManifestSchema.parse(m), null, 2)}\n`;
}
