/** One measured figure: a rate, a duration or a size, for one implementation of one task. */
export type BenchRow = { task: string; impl: string } & ({ opsPerSec: number } | { ms: number } | { bytes: number });
