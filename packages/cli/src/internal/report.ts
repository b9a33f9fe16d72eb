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
  const names = Object.keys(report.claims);
  if (report.verified) {
    lines.push(`${indent}  disclosed claims${names.length === 0 ? ': none' : ':'}`);
    for (const n of names) lines.push(`${indent}    ${n}: ${JSON.stringify(report.claims[n])}`);
  }
  return lines.join('\n');
}
