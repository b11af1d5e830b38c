/**
 * Whether queries over a load of this many rows may start PostgreSQL's parallel workers: the loader's duplicate check
 * asks, and the analytics build through buildWithParallelWorkers. Below PARALLEL_FROM_ROWS they run on one core a
 * connection. Workers are new processes for each query, whose memory is all faulted in afresh (~12 µs a fault on some
 * VMs).
 * Measured here:
 * - the UCI line pass alone, idle server: 0.36–0.41 s for 0.45–0.52 CPU-s on one core, 0.36–0.38 s for 0.60–0.68
 *   with two workers;
 * - five alternated uploads of the UCI data: 5,000–17,000 fewer page faults and 0.3–1.7 fewer CPU-s (median 0.5)
 *   each with the build on one core, faster in three pairs and even in two;
 * - the loader's duplicate check in four alternated uploads of the UCI data: 97–136 ms on one core, 179–237 ms with
 *   workers; on 10M rows 1.27 s on one core, 0.80–0.89 s with workers;
 * - builds of a generated 3M-row load: 6.11–6.34 s on one core, 6.09–7.07 s with workers (11.0 against 11.5–13.6
 *   CPU-s). Builds of 10M rows now keep one core too when the top products are ranked aside
 *   (buildWithParallelWorkers).
 * The line pass as the build makes it (CREATE TABLE AS, every aggregate computed) on 10M rows, idle server: 8.4 s for
 * 14.7 CPU-s with two workers, 10.6 s for 12.1 CPU-s on one core. (Session 15 quoted 3.4 s for 6.3 CPU-s: that was a
 * count(*) over the query, for which PostgreSQL skips the aggregates nobody reads.)
 */
export function withParallelWorkers(rows: number): boolean {
  return rows >= PARALLEL_FROM_ROWS;
}

/**
 * Whether the analytics build's transaction may start parallel workers: only for a large load (withParallelWorkers)
 * whose top products are ranked in the transaction. When they are ranked aside, on a connection of their own, they
 * keep the second core busy through the build, and workers for the build's own queries only add CPU. Eight builds of
 * 10M rows alternated on one server (session 16): one core 18.4, 20.0, 25.6 and 27.2 s for 36.1, 38.2, 44.6 and 47.0
 * CPU-s; with workers 22.5, 22.9, 27.4 and 26.8 s for 41.7, 42.1, 49.0 and 52.2 CPU-s. The line pass itself took as
 * long either way (11.2–13.9 s), as its workers competed with the products for the two cores.
 */
export function buildWithParallelWorkers(rows: number, productsAside: boolean): boolean {
  return !productsAside && withParallelWorkers(rows);
}
const PARALLEL_FROM_ROWS = 5_000_000;

/** Turns parallel workers off for the rest of a transaction. */
export const NO_PARALLEL_WORKERS_SQL = 'SET LOCAL max_parallel_workers_per_gather = 0';
