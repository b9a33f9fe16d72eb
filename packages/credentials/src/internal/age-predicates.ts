import { completedYears } from './dates.js';
import type { CalendarDate } from './dates.js';
import type { ClaimDoc } from './type-metadata.js';

/** Type Metadata entries for `age_over_N` predicates. */
export function ageClaimDocs(ages: readonly number[]): ClaimDoc[] {
  return ages.map((n) => ({
    name: `age_over_${n}`,
    label: { zh: `年满${n}周岁`, en: `Aged ${n} or over` },
    description: { zh: `签发时持证人是否年满${n}周岁`, en: `Whether the holder was at least ${n} years old at issuance` },
  }));
}

/** `{ age_over_N: boolean }` for each N, from the birth date and the issuance date (China time). */
export function deriveAges(ages: readonly number[], birth: CalendarDate, today: CalendarDate): Record<string, boolean> {
  const age = completedYears(birth, today);
  return Object.fromEntries(ages.map((n) => [`age_over_${n}`, age >= n]));
}
