/**
 * src/cli/check-report.ts — the text `pyrrhocmd --check` prints: what the log holds, the checkpoint's
 * status, and the first problem with its offset.
 *
 * 1. One line per fact, a label then the finding; the last line is `result: ok` or `result: PROBLEM …`,
 *    so a script can grep it (the exit code says the same).
 */
import type { CheckReport } from '../client/transports/embedded';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

/** The lines `--check` prints for `r` (invariant 1). */
export function formatCheckReport(r: CheckReport): string {
  const lines = [
    `file:       ${r.name}`,
    `log:        ${n(r.bytes - r.reserved)} bytes, ${n(r.frames)} frames, ${n(r.records)} records`,
  ];
  if (r.reserved > 0) lines.push(`reserved:   ${n(r.reserved)} zero bytes after the log (space a writer reserved ahead; open cuts them off)`);
  if (r.problem === null) lines.push(`state:      ${n(r.tables)} tables, ${n(r.rows)} rows`);
  if (r.tornTail !== null) {
    lines.push(`torn tail:  ${n(r.tornTail.length)} bytes at offset ${r.tornTail.offset} (an unfinished commit; open cuts them off)`);
  }
  const cp = r.checkpoint;
  const at = cp.position > 0 ? ` (log position ${cp.position})` : '';
  const detail = cp.detail === null ? '' : `: ${cp.detail}`;
  const words: Record<typeof cp.status, string> = {
    none: 'none',
    current: 'current',
    stale: 'stale',
    unusable: 'UNUSABLE (open ignores it and replays the log)',
    mismatch: 'DOES NOT MATCH THE LOG (open ignores it and replays the log)',
    differs: 'DIFFERS FROM THE LOG',
    unchecked: 'not checked',
  };
  lines.push(`checkpoint: ${words[cp.status]}${at}${detail}`);
  if (r.problem !== null) {
    const where = r.problem.offset === null ? '' : ` at offset ${r.problem.offset}`;
    lines.push(`result:     PROBLEM${where}: ${r.problem.message}`);
  } else if (r.ok) lines.push('result:     ok');
  else if (r.tornTail !== null) lines.push(`result:     PROBLEM at offset ${r.tornTail.offset}: torn tail`);
  else lines.push('result:     PROBLEM in the checkpoint');
  return lines.join('\n');
}
