// Keeps the head and the tail of a stream within a byte cap: the start says what ran,
// the end says how it ended; the middle of a long log is what a model can spare.

export class CappedOutput {
  readonly cap: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  total = 0;

  constructor(cap: number) {
    this.cap = Math.max(16, cap);
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headCap = Math.floor(this.cap / 2);
    if (this.#headBytes < headCap) {
      const take = chunk.subarray(0, headCap - this.#headBytes);
      this.#head.push(take);
      this.#headBytes += take.length;
      chunk = chunk.subarray(take.length);
      if (chunk.length === 0) return;
    }
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    const tailCap = this.cap - headCap;
    while (this.#tailBytes - this.#tail[0].length >= tailCap) this.#tailBytes -= this.#tail.shift()!.length;
  }

  get truncated(): boolean {
    return this.total > this.cap;
  }

  text(): string {
    const head = Buffer.concat(this.#head).toString('utf8');
    let tail = Buffer.concat(this.#tail);
    const tailCap = this.cap - Math.floor(this.cap / 2);
    if (tail.length > tailCap) tail = tail.subarray(tail.length - tailCap);
    if (!this.truncated) return head + tail.toString('utf8');
    return `${head}\n[… ${this.total - this.cap} bytes omitted …]\n${tail.toString('utf8')}`;
  }
}
