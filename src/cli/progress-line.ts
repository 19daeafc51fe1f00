/**
 * src/cli/progress-line.ts — the line pyrrhocmd shows while a long statement runs: `… 1,234,567 rows`.
 *
 * 1. Nothing is shown until the statement has run for `delayMs` (about a second), so short statements never
 *    flash a line; after that every report redraws the line in place (carriage return, erase to its end).
 * 2. `clear` erases a line that is shown and writes nothing otherwise, so what is printed next (the result,
 *    the error) starts at the beginning of a clean line.
 */

/** Carriage return, then erase to the end of the line (ANSI EL 0). */
const REDRAW = '\r\x1b[K';

/** The progress of the statement running now, on one terminal line. */
export class ProgressLine {
  private started = 0;
  private shown = false;

  constructor(
    private readonly out: (text: string) => void,
    private readonly delayMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A statement starts: its clock starts, and any line still shown goes. */
  start(): void {
    this.clear();
    this.started = this.now();
  }

  /** The statement has got through `rows` rows (invariant 1). */
  update(rows: number): void {
    if (this.now() - this.started < this.delayMs) return;
    this.out(`${REDRAW}… ${rows.toLocaleString('en-US')} rows`);
    this.shown = true;
  }

  /** Erases the line if it is shown (invariant 2). */
  clear(): void {
    if (!this.shown) return;
    this.out(REDRAW);
    this.shown = false;
  }
}
