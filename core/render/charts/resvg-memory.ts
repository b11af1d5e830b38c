/**
 * resvg is linked with mimalloc, which keeps the pages a chart freed and purges them only when the same thread
 * allocates again. renderAsync runs on libuv's pool threads, which then sit idle: each kept its last pixmaps, ~140 MB
 * of resident memory for the 11 charts, the largest part of a report run's peak. With no purge delay the pages go
 * back to the system as soon as they are freed (peak RSS of rasterising every chart in turn: 267 → 192 MB; the time
 * did not change measurably).
 *
 * mimalloc reads its options from the environment once, when the addon is loaded: draw-chart.ts imports this module
 * before resvg for that reason. An allocator setting of one native library, not application configuration; a value
 * already set (e.g. as an app setting) is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '0';
export {};
