import v8 from 'node:v8';

/**
 * V8 optimises a function with TurboFan once it has run "enough" bytecode. A report's run is one pass over a dump,
 * then a few hundred functions (Vega, exceljs, the storage SDK) that each run for a few milliseconds: TurboFan
 * compiled ~290 functions an upload, on V8's helper threads, ~0.8 of the ~7.5 CPU-seconds an upload costs (perf at
 * 999 Hz, bench:e2e's 541,909 rows). On two cores that CPU comes out of PostgreSQL's build and the render. Waiting
 * four times as long leaves ~90 compiles on Node 20 and ~80 on Node 22 (compile time 1.5 s → 0.45 s there), and
 * the loader's hot functions (the line checks, the duplicate filter) are still among them, within the first
 * thousands of rows. Uploads alternated on one server, Node 20: faster in 9 of 9 pairs with the command-line flag
 * (median 3.44 s against 3.86 s), and in 8 of 10 with this module in a slower hour (4.53 s against 4.66 s, less
 * CPU in 9). Node 22: the render faster in 6 of 8 pairs, the whole upload within the noise (4.42 s against 4.58 s).
 *
 * The flag differs by V8 version: V8 11 (Node 20) counts an interrupt budget in bytes of bytecode run, V8 12 and
 * later (Node 22) invocations. A value given on the command line (e.g. `languageWorkers__node__arguments` on Azure)
 * is kept. Set when the report pipeline is loaded, so it holds for every run in the process; code that has already
 * tiered up keeps its tier.
 */
/** How many times its default V8 waits before TurboFan (eight and sixteen were no better in the same pairs). */
const TIER_UP_DELAY = 4;

const FLAGS = {
  // V8 11 (Node 20): bytes of bytecode between tier-up checks; default 67,584 (node --v8-options).
  interruptBudget: { name: '--interrupt-budget', default: 67_584 },
  // V8 12 and later (Node 22): invocations before TurboFan; default 3,000.
  invocationCount: { name: '--invocation-count-for-turbofan', default: 3_000 },
} as const;

/** The V8 flag that delays TurboFan in this V8, at TIER_UP_DELAY times its default, or null when already given. */
export function tierUpFlag(v8Version: string, execArgv: readonly string[]): string | null {
  const major = Number(v8Version.split('.')[0]);
  const flag = major >= 12 ? FLAGS.invocationCount : FLAGS.interruptBudget;
  // V8 reads - and _ in flag names alike.
  const given = execArgv
    .map((a) => a.replace(/_/g, '-'))
    .some((a) => a === flag.name || a.startsWith(`${flag.name}=`));
  return given ? null : `${flag.name}=${flag.default * TIER_UP_DELAY}`;
}

const flag = tierUpFlag(process.versions.v8, process.execArgv);
if (flag !== null) v8.setFlagsFromString(flag);
