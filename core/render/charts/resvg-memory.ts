/**
 * resvg is linked with mimalloc, which keeps the pages a chart freed and purges them only when the same thread
 * allocates again. When resvg drew on libuv's pool threads (its renderAsync, until session 12), those threads then
 * sat idle: each kept its last pixmaps, ~140 MB of resident memory for the 11 charts, the largest part of a report
 * run's peak. With no purge delay the pages go back to the system as soon as they are freed (peak RSS of rasterising
 * every chart in turn: 267 → 192 MB; the time did not change measurably). resvg now runs on the raster worker, which
 * frees each image on its own thread, so the pages are returned as soon as the image is collected.
 *
 * mimalloc reads its options from the process's environment once, when the addon is loaded: chart-rasteriser.ts
 * imports this module before it starts the worker that loads resvg. (A worker's process.env is a copy: setting it
 * there would not reach mimalloc.) An allocator setting of one native library, not application configuration; a
 * value already set (e.g. as an app setting) is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '0';
export {};
