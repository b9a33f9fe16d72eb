/** One measured figure: a rate, a duration or a size, for one implementation of one task. */
export type BenchRow = { task: string; impl: string } & ({ opsPerSec: number } | { ms: number } | { bytes: number });

/** A ratio between rows of one run that a bench group promises, with its bound(s). */
export type Target = { name: string; ratio: (rows: BenchRow[]) => number | undefined; atLeast?: number; atMost?: number };
