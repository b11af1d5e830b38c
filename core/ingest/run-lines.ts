/**
 * The lines of the invoice run being read, to tell an exact copy from a line that only shares its stock code. Kept
 * as positions in typed arrays reused from run to run: nothing is allocated per line, and only the current and the
 * previous text block are referenced, so a long file's blocks are freed as soon as they are loaded.
 *
 * A line whose earlier same-code line lies in a text no longer held (a run longer than two blocks, or the general
 * path's one-row texts beyond the last 64) gets 'unknown': the caller leaves that pair to PostgreSQL.
 */
const SLOTS = 1 << 13; // code hash → latest line; a run with more distinct codes answers 'unknown'
const ROW_TEXTS = 64;
/** Longer than any one row: a block of the fast path. */
const BLOCK = 1 << 16;

export type Verdict = 'new' | 'copy' | 'unknown';

export class RunLines {
  private generation = 1;
  private readonly slotCode = new Int32Array(SLOTS);
  private readonly slotGeneration = new Int32Array(SLOTS);
  private readonly slotLatest = new Int32Array(SLOTS);
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private previous = new Int32Array(1024);
  private textOf = new Int32Array(1024);
  private count = 0;
  /** Texts by number, in a ring: one-row texts (the general path) and at most two blocks. */
  private readonly ringText: (string | undefined)[] = new Array<string | undefined>(ROW_TEXTS).fill(
    undefined,
  );
  private readonly ringNumber = new Int32Array(ROW_TEXTS).fill(-1);
  private lastText: string | undefined;
  private textNumber = 0;
  private lastBlock = -1;

  isEmpty(): boolean {
    return this.count === 0;
  }

  clear(): void {
    this.count = 0;
    this.generation++;
  }

  /** Records text[start, end), whose stock code hashes to `code`, and says whether it copies an earlier line. */
  add(code: number, text: string, start: number, end: number): Verdict {
    if (text !== this.lastText) this.hold(text);
    let slot = code & (SLOTS - 1);
    let probes = 0;
    while (this.slotGeneration[slot] === this.generation && this.slotCode[slot] !== code) {
      slot = (slot + 1) & (SLOTS - 1);
      if (++probes === SLOTS) return 'unknown';
    }
    const known = this.slotGeneration[slot] === this.generation;
    let verdict: Verdict = 'new';
    if (known) verdict = this.compare(this.slotLatest[slot]!, text, start, end);
    if (verdict === 'copy') return verdict;
    const index = this.push(start, end, known ? this.slotLatest[slot]! : -1);
    this.slotCode[slot] = code;
    this.slotGeneration[slot] = this.generation;
    this.slotLatest[slot] = index;
    return verdict;
  }

  private compare(latest: number, text: string, start: number, end: number): Verdict {
    let line: string | undefined;
    let verdict: Verdict = 'new';
    for (let i = latest; i >= 0; i = this.previous[i]!) {
      if (this.ends[i]! - this.starts[i]! !== end - start) continue;
      const number = this.textOf[i]!;
      const held =
        this.ringNumber[number % ROW_TEXTS] === number ? this.ringText[number % ROW_TEXTS] : undefined;
      if (held === undefined) {
        verdict = 'unknown';
        continue;
      }
      line ??= text.slice(start, end);
      if (held.startsWith(line, this.starts[i])) return 'copy';
    }
    return verdict;
  }

  /** Holds a new text; a block lets go of every block but the one before it, so at most two are ever held. */
  private hold(text: string): void {
    this.textNumber++;
    if (text.length > BLOCK) {
      for (let slot = 0; slot < ROW_TEXTS; slot++) {
        const held = this.ringText[slot];
        if (held !== undefined && held.length > BLOCK && this.ringNumber[slot] !== this.lastBlock) {
          this.ringText[slot] = undefined;
        }
      }
      this.lastBlock = this.textNumber;
    }
    this.ringText[this.textNumber % ROW_TEXTS] = text;
    this.ringNumber[this.textNumber % ROW_TEXTS] = this.textNumber;
    this.lastText = text;
  }

  private push(start: number, end: number, previous: number): number {
    if (this.count === this.starts.length) this.grow();
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.previous[i] = previous;
    this.textOf[i] = this.textNumber;
    return i;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const copy = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.starts = copy(this.starts);
    this.ends = copy(this.ends);
    this.previous = copy(this.previous);
    this.textOf = copy(this.textOf);
  }
}
