/**
 * src/cli/prompt-screen.ts — test support: pyrrhocmd's interactive prompt on in-memory streams, with what a
 * terminal would show.
 *
 * 1. Used only by the cli's `*.test.ts` files (the prompt embedded and over TCP): `type` sends keys, `until`
 *    waits for the screen (from an offset) to show a pattern, `text` is the screen without the escape
 *    sequences readline and the progress line use.
 * 2. `cancelLongStatement` is the scenario both prompt tests share: a table of 3,000 rows, a cross join long
 *    enough to show the progress line, Ctrl-C, and the 57014 that follows.
 */
import { PassThrough } from 'stream';
import type { PyrrhoConnect } from '../client/pyrrho-connect';
import { interactive } from './pyrrhocmd';

/** A running prompt and its screen. */
export interface PromptScreen {
  /** sends keys (`\r` ends a line, `\x03` is Ctrl-C) */
  type(keys: string): void;
  /** what the screen shows from offset `from` on, without escape sequences */
  text(from?: number): string;
  /** the screen's length so far: an offset for `text` and `until` */
  readonly length: number;
  /** waits (up to 30 s) until the screen from `from` on shows `what` */
  until(what: RegExp, from?: number): Promise<void>;
  /** ends the input (Ctrl-D) and waits for the prompt to finish */
  end(): Promise<void>;
}

const ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Starts pyrrhocmd's prompt on `conn`, with the progress line after 300 ms. */
export function promptScreen(conn: PyrrhoConnect): PromptScreen {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (b: Buffer) => (screen += b.toString()));
  const done = interactive(conn, { input, output, historyFile: null, progressDelayMs: 300 });
  const text = (from = 0): string => screen.slice(from).replace(ESCAPES, '');
  return {
    type: (keys) => void input.write(keys),
    text,
    get length() {
      return screen.length;
    },
    async until(what, from = 0) {
      const deadline = Date.now() + 30000;
      while (!what.test(text(from))) {
        if (Date.now() > deadline) throw new Error(`never saw ${what} in:\n${text()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async end() {
      input.end();
      await done;
    },
  };
}

/**
 * Types a table of 3,000 rows and a statement that runs long enough to show the progress line, then Ctrl-C;
 * returns once the screen shows the cancellation (57014) (invariant 2).
 */
export async function cancelLongStatement(screen: PromptScreen): Promise<void> {
  screen.type('create table t (a int)\r');
  await screen.until(/^ok$/m);
  screen.type(`insert into t values ${Array.from({ length: 3000 }, (_v, i) => `(${i})`).join(',')}\r`);
  await screen.until(/3000 records affected/);
  screen.type('select count(*) from t a, t b, t c\r');
  await screen.until(/… [\d,]{5,} rows/);
  screen.type('\x03');
  await screen.until(/Error 57014/);
}
