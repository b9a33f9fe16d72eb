/**
 * Timing for `npm run bench`: warm up, then several rounds, and report the median. Every figure
 * that a target compares is measured in the same process run as what it is compared with, because
 * these machines are noisy (±50 % between runs) while ratios inside one run hold.
 */

/** Options for {@link opsPerSec}. */
export interface MeasureOptions {
  /** Calls before measuring (JIT, caches). Default 20. */
  warmup?: number;
  /** Rounds; the median round is reported. Default 7. */
  rounds?: number;
  /** Least time per round, milliseconds. Default 150. */
  minRoundMs?: number;
}

/** Operations per second of `fn` (sync or async), the median of `rounds` rounds. */
export async function opsPerSec(fn: () => unknown, options: MeasureOptions = {}): Promise<number> {
  const { warmup = 20, rounds = 7, minRoundMs = 150 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await fn();
      n++;
      elapsed = performance.now() - start;
    } while (elapsed < minRoundMs);
    rates.push((n * 1000) / elapsed);
  }
  return median(rates);
}

/** Milliseconds of one run of `fn`, the median of `rounds` runs (after `warmup` runs). */
export async function medianMs(fn: () => unknown, options: { warmup?: number; rounds?: number } = {}): Promise<number> {
  const { warmup = 2, rounds = 5 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
