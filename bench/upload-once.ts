// One upload through the upload function's handler, in a process of its own, so its peak memory is the handler's
// alone (with the app's code loaded, as on a worker). The app settings come from the environment, as on Azure:
// DATABASE_URL, LGS_STORAGE_CONNECTION, LGS_UPLOADS_CONTAINER, LGS_REPORTS_CONTAINER. Prints one JSON line.
//
//   node dist/bench/upload-once.js <blob name in the uploads container>
import azf from '@azure/functions';
import type { Manifest } from '../core/report/manifest.js';
import { blobCreatedEvent } from '../functions/blob-events.js';
import { closeRuntime, createRuntime, runtime, useRuntime } from '../functions/services.js';
import { upload } from '../functions/upload.js';

const [name] = process.argv.slice(2);
if (!name) throw new Error('usage: upload-once <blob name>');
// RSS sampled every 20 ms, heap and buffers every 100 ms: the full process.memoryUsage() walks the heap's spaces,
// ~0.2 ms a call in the handler's process (58 ms of its main thread over one upload's 267 calls, timed). The overall
// RSS peak comes from the kernel (getrusage), which misses nothing.
let peakHeap = 0;
let peakBuffers = 0;
let peakRss = 0;
let ticks = 0;
const trace = process.env.LGS_TRACE_MEMORY === '1';
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (ticks++ % 5 !== 0) return;
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  if (trace)
    process.stderr.write(`mem rss=${mb(m.rss)} heap=${mb(m.heapUsed)} buffers=${mb(m.arrayBuffers)}\n`);
}, 20);
// The run's first touch of the reports container (clearing a stale manifest from its folder) comes once the marts
// the charts need are built and read, before anything is rendered: the peak until then is that of streaming the
// upload in and modelling it (what grows with the upload's size, if anything does).
let loadPeakRss: number | null = null;
await useRuntime(async () => {
  const built = await createRuntime(process.env);
  const store = built.services.store;
  const reports = built.services.settings.reportsContainer;
  const watched: typeof store = {
    ...store,
    put: (container, blobName, content, options) => {
      if (container === reports && loadPeakRss === null) loadPeakRss = peakRss;
      return store.put(container, blobName, content, options);
    },
    remove: (container, blobName) => {
      if (container === reports && loadPeakRss === null) loadPeakRss = peakRss;
      return store.remove(container, blobName);
    },
  };
  return { ...built, services: { ...built.services, store: watched } };
});
const { services, blobEndpoint } = await runtime();
const container = services.settings.uploadsContainer;
let blob: { etag: string; size: number } | undefined;
for await (const item of services.store.list(container, name)) if (item.name === name) blob = item;
if (!blob) throw new Error(`no blob ${container}/${name}`);

const baseline = { rssMB: mb(process.memoryUsage().rss), heapMB: mb(process.memoryUsage().heapUsed) };
const event = blobCreatedEvent({ blobEndpoint, container, name, etag: blob.etag, contentLength: blob.size });
const context = new azf.InvocationContext({
  functionName: 'upload',
  invocationId: event.id,
  logHandler: (level, ...args) => process.stderr.write(`[upload] ${level}: ${args.map(String).join(' ')}\n`),
});
// Page faults are counted because they are slow on some VMs (~12 µs each on our 2-core benchmark machines, against
// well under 1 µs on bare metal): memory mapped afresh for each large object shows up there as CPU time.
const faultsBefore = process.resourceUsage().minorPageFault;
const started = performance.now();
const outcome = await upload(event, context);
const handlerFaults = process.resourceUsage().minorPageFault - faultsBefore;
const ms = Math.round(performance.now() - started);
clearInterval(sampler);

let manifest: Manifest | null = null;
if (outcome?.status === 'published') {
  const m = await services.store.open(services.settings.reportsContainer, outcome.manifest);
  const chunks: Buffer[] = [];
  for await (const chunk of m.stream) chunks.push(chunk as Buffer);
  manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
}
console.log(
  JSON.stringify({
    ms,
    status: outcome?.status ?? 'ignored',
    bytes: blob.size,
    rows: manifest?.input.rows_loaded ?? null,
    customers: manifest?.customers ?? null,
    timings_ms: manifest?.timings_ms ?? null,
    files: manifest?.files.length ?? null,
    baseline,
    loadPeakRssMB: loadPeakRss === null ? null : mb(loadPeakRss),
    peakHeapMB: mb(peakHeap),
    peakBuffersMB: mb(peakBuffers),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    handlerFaults,
  }),
);
await closeRuntime();
process.exit(0);

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
