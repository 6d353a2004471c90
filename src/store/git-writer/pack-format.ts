// Pack v2 and pack index v2 in memory: build a pack of whole (undeltified) objects and its .idx,
// and parse an .idx for lookups. Pure: no file I/O.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { GitObject, ObjectType } from './objects.ts';

export const TYPE_CODE: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
export const CODE_TYPE: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
export const OFS_DELTA = 6;
export const REF_DELTA = 7;
const IDX_MAGIC = 0xff744f63;

/** The variable-length type+size header that starts each object in a pack. */
export function objectHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let b = (type << 4) | (size & 0x0f);
  size = Math.floor(size / 16);
  while (size > 0) {
    bytes.push(b | 0x80);
    b = size & 0x7f;
    size = Math.floor(size / 128);
  }
  bytes.push(b);
  return Buffer.from(bytes);
}

export interface BuiltPack {
  /** The pack's checksum, which names it: pack-<name>.pack / .idx. */
  name: string;
  pack: Buffer;
  idx: Buffer;
}

/**
 * One pack holding `objects` (each stored whole, zlib level `level`) and its v2 index.
 * Objects must be distinct (no sha twice).
 */
export function buildPack(objects: GitObject[], level = 1): BuiltPack {
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [head];
  const entries: { sha: string; offset: number; crc: number }[] = [];
  let offset = 12;
  for (const o of objects) {
    const h = objectHeader(TYPE_CODE[o.type], o.body.length);
    const z = deflateSync(o.body, { level });
    entries.push({ sha: o.sha, offset, crc: crc32(z, crc32(h)) });
    parts.push(h, z);
    offset += h.length + z.length;
  }
  const hash = createHash('sha1');
  for (const p of parts) hash.update(p);
  const trailer = hash.digest();
  parts.push(trailer);
  return { name: trailer.toString('hex'), pack: Buffer.concat(parts), idx: buildIdx(entries, trailer) };
}

function buildIdx(entries: { sha: string; offset: number; crc: number }[], packSum: Buffer): Buffer {
  const sorted = [...entries].sort((a, b) => (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
  const n = sorted.length;
  const big = sorted.filter((e) => e.offset >= 0x80000000);
  const buf = Buffer.alloc(8 + 1024 + n * 28 + big.length * 8 + 40);
  buf.writeUInt32BE(IDX_MAGIC, 0);
  buf.writeUInt32BE(2, 4);
  const fan = new Array<number>(256).fill(0);
  for (const e of sorted) fan[parseInt(e.sha.slice(0, 2), 16)]++;
  for (let i = 0, acc = 0; i < 256; i++) buf.writeUInt32BE((acc += fan[i]), 8 + i * 4);
  let p = 8 + 1024;
  for (const e of sorted) p += buf.write(e.sha, p, 'hex');
  for (const e of sorted) p = buf.writeUInt32BE(e.crc >>> 0, p);
  let bigIndex = 0;
  for (const e of sorted) p = buf.writeUInt32BE(e.offset < 0x80000000 ? e.offset : (0x80000000 | bigIndex++) >>> 0, p);
  for (const e of big) p = buf.writeBigUInt64BE(BigInt(e.offset), p);
  p += packSum.copy(buf, p);
  createHash('sha1').update(buf.subarray(0, p)).digest().copy(buf, p);
  return buf;
}

/** A parsed pack index (v2): which objects a pack holds and where. */
export class PackIdx {
  readonly count: number;
  readonly #buf: Buffer;
  #sortedOffsets: number[] | undefined;

  constructor(buf: Buffer, file: string) {
    if (buf.length < 8 + 1024 + 40 || buf.readUInt32BE(0) !== IDX_MAGIC || buf.readUInt32BE(4) !== 2) {
      throw new Error(`${file}: not a version 2 pack index`);
    }
    this.count = buf.readUInt32BE(8 + 255 * 4);
    if (buf.length < 8 + 1024 + this.count * 28 + 40) throw new Error(`${file}: truncated pack index`);
    this.#buf = buf;
  }

  /** Offset of `sha` in the pack, or -1. */
  find(sha: string): number {
    const want = Buffer.from(sha, 'hex');
    const first = want[0];
    let lo = first === 0 ? 0 : this.#buf.readUInt32BE(8 + (first - 1) * 4);
    let hi = this.#buf.readUInt32BE(8 + first * 4);
    const names = 8 + 1024;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // Buffer#compare orders this buffer's slice (the entry) against `want`.
      const c = this.#buf.compare(want, 0, 20, names + mid * 20, names + mid * 20 + 20);
      if (c === 0) return this.offsetAt(mid);
      if (c > 0) hi = mid;
      else lo = mid + 1;
    }
    return -1;
  }

  offsetAt(i: number): number {
    const base = 8 + 1024 + this.count * 24;
    const v = this.#buf.readUInt32BE(base + i * 4);
    if (!(v & 0x80000000)) return v;
    return Number(this.#buf.readBigUInt64BE(base + this.count * 4 + (v & 0x7fffffff) * 8));
  }

  /** Where the object at `offset` ends: the next object's offset, or the pack's trailer. */
  endOf(offset: number, packSize: number): number {
    if (!this.#sortedOffsets) {
      const all: number[] = [];
      for (let i = 0; i < this.count; i++) all.push(this.offsetAt(i));
      this.#sortedOffsets = all.sort((a, b) => a - b);
    }
    const s = this.#sortedOffsets;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < s.length ? s[lo] : packSize - 20;
  }
}
