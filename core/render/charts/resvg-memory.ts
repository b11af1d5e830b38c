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
 * The first charts still fault their pages in, 4 KiB at a time: a pixmap at twice the chart's size is several MB.
 * `allow_large_os_pages` has mimalloc ask for 2 MiB pages (hugetlbfs when the machine reserved some, else transparent
 * huge pages by madvise, which Linux grants in its default `madvise` mode): one fault per 2 MiB. On our benchmark VMs
 * a 4 KiB fault costs ~13 µs and a 2 MiB one ~0.1–0.2 ms (a C program touching 256 MB: 0.87 s against 0.02 s), and
 * six 3200 × 2000 pixmaps drawn in a row took 384 faults instead of 77,900. A whole upload (bench:e2e's 541,909 rows,
 * six alternated pairs): the handler's process 31,000–35,000 faults against 39,000–44,000, faster in all six pairs,
 * peak RSS 244–274 MB against 248–271 MB. Where Linux has transparent huge pages off, mimalloc uses 4 KiB pages as
 * before.
 *
 * mimalloc reads its options from the process's environment once, when the addon is loaded: chart-rasteriser.ts
 * imports this module before it starts the worker that loads resvg. (A worker's process.env is a copy: setting it
 * there would not reach mimalloc.) Allocator settings of one native library, not application configuration; a
 * value already set (e.g. as an app setting) is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '1000';
process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= '1';
export {};
