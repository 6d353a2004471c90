// Splitting queue.md into a preamble and `## ` blocks, by byte offsets so edits preserve the rest.

/** One `## ` block: from its header line up to the next header (or end of text). */
export interface BlockSpan {
  /** Offset of the `## ` header in the text. */
  start: number;
  /** Offset just past the block (the next header, or text.length). */
  end: number;
  /** 1-based line of the header. */
  line: number;
  /** Header text after `## `, trimmed. */
  header: string;
  /** The text does not end with a newline and this block holds its last, unfinished line. */
  partial: boolean;
}

function isHeaderAt(text: string, pos: number): boolean {
  return text.startsWith('## ', pos) || (pos === 0 && text.startsWith('\uFEFF## '));
}

/** Blocks start only at `## ` in column 0; everything before the first is the preamble. */
export function splitBlocks(text: string): BlockSpan[] {
  const blocks: BlockSpan[] = [];
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    if (isHeaderAt(text, pos)) {
      const last = blocks[blocks.length - 1];
      if (last) last.end = pos;
      const from = text.indexOf('## ', pos) + 3;
      blocks.push({ start: pos, end: text.length, line, header: text.slice(from, lineEnd).trim(), partial: false });
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  const last = blocks[blocks.length - 1];
  if (last && text.length > 0 && !text.endsWith('\n')) last.partial = true;
  return blocks;
}

/** Remove the given spans (non-overlapping) and keep every other byte as it was. */
export function cutSpans(text: string, spans: { start: number; end: number }[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    out += text.slice(pos, s.start);
    pos = s.end;
  }
  return out + text.slice(pos);
}
