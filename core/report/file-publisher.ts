import type { Readable } from 'node:stream';
import { Slots } from '../slots.js';
import type { PublishedFile, ReportSink } from './report-sink.js';

/**
 * Writes a run's files to its sink as they are handed over, a few at a time: one upload waits mostly on the network
 * (blob storage) or the disk, so several in flight overlap those waits with each other and with the render still
 * producing the next files. done() waits for them all and lists what was written, or rejects with the first failure
 * once nothing is in flight any more (so no upload outlives the run that started it).
 */
export class FilePublisher {
  private readonly written: Promise<PublishedFile>[] = [];
  private readonly slots: Slots;
  private firstWriteAt: number | null = null;

  constructor(
    private readonly sink: ReportSink,
    concurrency = 8,
  ) {
    this.slots = new Slots(concurrency);
  }

  put(path: string, content: Readable | Buffer | string, contentType: string): void {
    this.firstWriteAt ??= performance.now();
    const write = this.slots.run(() => this.sink.put(path, content, contentType));
    // Observed now; done() reports the failure.
    write.catch(() => undefined);
    this.written.push(write);
  }

  /** Every file handed over, as written (in the order handed over), once all are written. */
  async done(): Promise<PublishedFile[]> {
    const settled = await Promise.allSettled(this.written);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<PublishedFile>).value);
  }

  /** When the first file was handed over (performance.now()), or null: where the publish phase starts. */
  get startedAt(): number | null {
    return this.firstWriteAt;
  }
}
