// git's delta format (OFS_DELTA / REF_DELTA bodies in packs): rebuild an object from its base. Pure.

function varint(buf: Buffer, pos: number): [number, number] {
  let v = 0;
  let shift = 1;
  let b: number;
  do {
    if (pos >= buf.length) throw new Error('delta: truncated size');
    b = buf[pos++];
    v += (b & 0x7f) * shift;
    shift *= 128;
  } while (b & 0x80);
  return [v, pos];
}

/** Apply `delta` to `base`; throws on a malformed delta or a size mismatch. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let [srcSize, p] = varint(delta, 0);
  if (srcSize !== base.length) throw new Error(`delta: base is ${base.length} bytes, delta expects ${srcSize}`);
  let dstSize: number;
  [dstSize, p] = varint(delta, p);
  const out = Buffer.allocUnsafe(dstSize);
  let o = 0;
  while (p < delta.length) {
    const op = delta[p++];
    if (op & 0x80) {
      let off = 0;
      let size = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) off += delta[p++] * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) size += delta[p++] * 2 ** (8 * i);
      if (size === 0) size = 0x10000;
      if (off + size > base.length || o + size > dstSize) throw new Error('delta: copy out of range');
      base.copy(out, o, off, off + size);
      o += size;
    } else if (op > 0) {
      if (p + op > delta.length || o + op > dstSize) throw new Error('delta: insert out of range');
      delta.copy(out, o, p, p + op);
      o += op;
      p += op;
    } else {
      throw new Error('delta: reserved opcode 0');
    }
  }
  if (o !== dstSize) throw new Error(`delta: produced ${o} bytes, expected ${dstSize}`);
  return out;
}
