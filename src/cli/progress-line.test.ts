/** src/cli/progress-line.test.ts — the progress line: silent for the first second, redrawn in place, erased once. */
import { ProgressLine } from './progress-line';

describe('ProgressLine', () => {
  it('shows nothing before the delay, then `… n rows` redrawn in place, and clear erases it once', () => {
    let now = 0;
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t), 1000, () => now);
    line.start();
    now = 999;
    line.update(5000);
    line.clear();
    expect(written).toEqual([]);
    now = 1000;
    line.update(1234567);
    now = 1250;
    line.update(2000000);
    expect(written).toEqual(['\r\x1b[K… 1,234,567 rows', '\r\x1b[K… 2,000,000 rows']);
    line.clear();
    line.clear();
    expect(written.slice(2)).toEqual(['\r\x1b[K']);
  });

  it('a new statement restarts the clock and erases a line left shown', () => {
    let now = 0;
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t), 1000, () => now);
    line.start();
    now = 2000;
    line.update(10);
    line.start();
    line.update(20);
    expect(written).toEqual(['\r\x1b[K… 10 rows', '\r\x1b[K']);
  });
});
