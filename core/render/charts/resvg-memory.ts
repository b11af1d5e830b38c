/**
 * resvg is linked with mimalloc, which gives the pages a thread freed back to the system once they have gone unused
 * for `purge_delay` ms (10 by default), the next time that thread allocates. Each chart's pixmap and scratch memory
 * is freed at the end of the chart, and the next chart on the same thread allocates much the same again within
 * ~50 ms: purged pages are then mapped and faulted in afresh, ~20,000 pages a report. On our 2-core benchmark VMs a
 * page fault costs ~12 µs, so that was ~0.6 s of the raster worker's time, the render's last step (bench:report,
 * 541,909 rows, four renders in one process: 0.50 s a render against 1.31 s with no delay; page faults 10,000–26,000
 * against 74,000–87,000). A second is longer than a report's whole raster run, so its pages are reused, not purged.
 *
 * The price: the worker's last pages stay mapped after it exits (~50 MB RSS more in a process that has rendered,
 * measured after ten renders), as mimalloc purges a thread's pages only when that thread allocates again. Before
 * session 12, resvg drew on libuv's pool threads, which then sat idle holding ~140 MB, and no delay was the remedy.
 *
 * mimalloc reads its options from the process's environment once, when the addon is loaded: chart-rasteriser.ts
 * imports this module before it starts the worker that loads resvg. (A worker's process.env is a copy: setting it
 * there would not reach mimalloc.) An allocator setting of one native library, not application configuration; a
 * value already set (e.g. as an app setting) is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '1000';
export {};
