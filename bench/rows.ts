/**
 * One measured figure: a rate, a duration, a size or a count (of things found, such as the Node
 * built-ins a browser bundle imports), for one implementation of one task.
 */
export type BenchRow = { task: string; impl: string } & ({ opsPerSec: number } | { ms: number } | { bytes: number } | { count: number });

/** A ratio between rows of one run that a bench group promises, with its bound(s). */
export type Target = { name: string; ratio: (rows: BenchRow[]) => number | undefined; atLeast?: number; atMost?: number };

/** The task of the row the runner adds for every group: its process's peak resident set size, in bytes. */
export const peakRssTask = (group: string): string => `peak RSS, ${group} group`;
