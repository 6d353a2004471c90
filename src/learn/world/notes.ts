// The evidence log in a record's body: one line per observation, newest last, bounded.
// Text a person wrote above the "## Evidence" heading is kept as it is.

export const EVIDENCE_HEADING = '## Evidence';
export const MAX_NOTES = 20;

function split(body: string): { before: string; notes: string[] } {
  const at = body.search(/^## Evidence[ \t]*$/m);
  if (at < 0) return { before: body.trimEnd(), notes: [] };
  const notes = body.slice(at).split('\n').slice(1).filter((l) => l.startsWith('- '));
  return { before: body.slice(0, at).trimEnd(), notes };
}

function join(before: string, notes: string[]): string {
  const section = notes.length ? `${EVIDENCE_HEADING}\n\n${notes.slice(-MAX_NOTES).join('\n')}` : '';
  return [before, section].filter(Boolean).join('\n\n');
}

export function appendNote(body: string, line: string): string {
  const { before, notes } = split(body);
  return join(before, [...notes, `- ${line.replace(/\s+/g, ' ').trim()}`]);
}

export function notesOf(body: string): string[] {
  return split(body).notes;
}

/** One body holding the notes of several (a merge): the first body's text, all notes in order given. */
export function mergeBodies(bodies: string[]): string {
  const parts = bodies.map(split);
  const notes = [...new Set(parts.flatMap((p) => p.notes))];
  return join(parts[0]?.before ?? '', notes);
}
