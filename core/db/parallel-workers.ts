/**
 * Whether queries over a load of this many rows may start PostgreSQL's parallel workers: the analytics build and the
 * loader's duplicate check ask. Below PARALLEL_FROM_ROWS they run on one core a connection. Workers are new
 * processes for each query, whose memory is all faulted in afresh (~12 µs a fault on some VMs), and on two cores the
 * build's workers only took CPU from the top products, ranked aside on a second connection (build-aside.ts).
 * Measured here:
 * - the UCI line pass alone, idle server: 0.36–0.41 s for 0.45–0.52 CPU-s on one core, 0.36–0.38 s for 0.60–0.68
 *   with two workers;
 * - five alternated uploads of the UCI data: 5,000–17,000 fewer page faults and 0.3–1.7 fewer CPU-s (median 0.5)
 *   each with the build on one core, faster in three pairs and even in two;
 * - the loader's duplicate check in four alternated uploads of the UCI data: 97–136 ms on one core, 179–237 ms with
 *   workers; on 10M rows 1.27 s on one core, 0.80–0.89 s with workers;
 * - builds of a generated 3M-row load: 6.11–6.34 s on one core, 6.09–7.07 s with workers (11.0 against 11.5–13.6
 *   CPU-s); of 10M rows: 25.8 and 30.4 s on one core, 21.9 and 22.4 s with workers, which large loads keep.
 * The products ranked in the build's transaction (no second connection free) follow the same rule: on a small load
 * the report's charts keep a core meanwhile. Large loads plan with the server's parallel costs, which give the line
 * pass partial aggregation in each worker: at 10M rows 3.4 s for 6.3 CPU-s, against 4.2–4.4 s for 7.2–7.4 with the
 * costs lowered (as they were until session 15), when PostgreSQL gathered every line into one process to hash it.
 */
export function withParallelWorkers(rows: number): boolean {
  return rows >= PARALLEL_FROM_ROWS;
}
const PARALLEL_FROM_ROWS = 5_000_000;

/** Turns parallel workers off for the rest of a transaction. */
export const NO_PARALLEL_WORKERS_SQL = 'SET LOCAL max_parallel_workers_per_gather = 0';
