import type { VerificationReport } from '@elicense/verifier';

/** Render a verification report for a person at a counter. */
export function formatReport(report: VerificationReport, indent = ''): string {
  const lines: string[] = [];
  const head = report.verified ? '✔ VERIFIED' : '✘ NOT VERIFIED';
  const what = [report.type, report.issuer ? `issued by ${report.issuer}` : undefined].filter(Boolean).join(' ');
  lines.push(`${indent}${head}${what ? `  ${what}` : ''}`);
  for (const c of report.checks) {
    if (c.skipped) lines.push(`${indent}  · ${c.check}  (not run)`);
    else lines.push(`${indent}  ${c.ok ? '✔' : '✘'} ${c.check}${c.ok ? '' : `  ${c.code ?? ''}${c.message ? ` — ${c.message}` : ''}`}`);
  }
  for (const w of report.warnings ?? []) lines.push(`${indent}  ⚠ ${w.code} — ${w.message}`);
  const f = report.freshness;
  if (f !== undefined) {
    const list = f.statusList === undefined ? '' : `; status list issued ${formatAge(f.statusList.age)} ago`;
    lines.push(`${indent}  trust data: bundle version ${f.bundle.version}, issued ${formatAge(f.bundle.age)} ago${list}`);
  }
  const names = Object.keys(report.claims);
  if (report.verified) {
    lines.push(`${indent}  disclosed claims${names.length === 0 ? ': none' : ':'}`);
    for (const n of names) lines.push(`${indent}    ${n}: ${JSON.stringify(report.claims[n])}`);
  }
  return lines.join('\n');
}

/** `5400` → `1h 30m`: an age for a clerk to read. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d > 0 ? `${d}d` : '', h > 0 ? `${h}h` : '', d === 0 && m > 0 ? `${m}m` : ''].filter(Boolean).join(' ') || '0s';
}
