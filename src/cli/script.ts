/**
 * src/cli/script.ts — cutting pyrrhocmd input into statements.
 *
 * 1. `splitStatements` splits on `;` outside string literals, quoted identifiers and comments, and keeps
 *    each statement's text exactly as typed (trimmed), so error positions line up with what the user sees.
 * 2. `[ … ]` is Pyrrho's multi-line form: a unit that starts with `[` continues until the brackets balance;
 *    the outer brackets are removed (`unbracket`).
 * 4. A `;` inside a compound statement is not a split point: `BEGIN` (unless it is a statement's first word:
 *    `BEGIN [TRANSACTION|WORK]`) and `CASE` open a block, `END` closes one unless it is `END IF`, `END LOOP`, `END WHILE`,
 *    `END REPEAT` or `END FOR` (whose openers are not counted), so `create function f() … begin …; …; end;` is
 *    one statement, as is a trigger's `BEGIN ATOMIC … END`.
 * 3. `splitMetaCommands` cuts a script at meta-command lines (meta-commands.ts invariant 1) before statements
 *    are split: each such line is a part of its own, and the SQL before it (ended by `;` or not) runs first.
 */
import { isMetaCommand } from './meta-commands';

/** One statement cut from the input, with the offset where it starts. */
export interface ScriptStatement {
  readonly text: string;
  readonly offset: number;
}

/** Splits SQL text into statements at top-level semicolons; empty and comment-only pieces are dropped. */
export function splitStatements(text: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const piece = raw.trim();
    if (piece !== '' && !isOnlyComments(piece)) out.push({ text: piece, offset: start + lead });
  };
  scan(text, (i) => {
    push(i);
    start = i + 1;
  });
  push(text.length);
  return out;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;
/** the blocks whose END is followed by their own word, and whose openers are therefore not counted */
const NAMED_ENDS = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);

function wordAt(text: string, i: number): string {
  let j = i;
  while (j < text.length && WORD_PART.test(text[j]!)) j++;
  return text.slice(i, j);
}

function skipComment(text: string, i: number): number {
  if (text[i] === '-') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl + 1;
  }
  const close = text.indexOf('*/', i + 2);
  return close < 0 ? text.length : close + 2;
}

/** What follows position `i`: the next word (upper case), `;`, or '' at the end; whitespace and comments skipped. */
function nextToken(text: string, i: number): string {
  let j = i;
  for (;;) {
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if ((text[j] === '-' && text[j + 1] === '-') || (text[j] === '/' && text[j + 1] === '*')) j = skipComment(text, j);
    else break;
  }
  if (j >= text.length) return '';
  return WORD_START.test(text[j]!) ? wordAt(text, j).toUpperCase() : text[j]!;
}

/** How the word `w`, ending at `i`, changes the block depth (invariant 4). */
function blockChange(w: string, text: string, i: number): number {
  if (w === 'CASE') return 1;
  if (w === 'BEGIN') return 1;
  if (w === 'END') return NAMED_ENDS.has(nextToken(text, i)) ? 0 : -1;
  return 0;
}

/**
 * Walks `text` skipping quotes and comments, keeping the block depth (invariant 4), and calls `split` at each `;`
 * outside any block. Returns the depth at the end.
 */
function scan(text: string, split: (i: number) => void): number {
  let depth = 0;
  let i = 0;
  let first = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i = skipQuoted(text, i, c);
      first = false;
    } else if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '*')) i = skipComment(text, i);
    else if (c === ';') {
      if (depth === 0) {
        split(i);
        first = true;
      }
      i++;
    } else if (WORD_START.test(c) && (i === 0 || !WORD_PART.test(text[i - 1]!))) {
      const w = wordAt(text, i).toUpperCase();
      i += w.length;
      if (!(first && w === 'BEGIN')) depth = Math.max(0, depth + blockChange(w, text, i));
      first = false;
    } else {
      if (!/\s/.test(c)) first = false;
      i++;
    }
  }
  return depth;
}

/** The number of compound statements open at the end of `text` (invariant 4): the interactive prompt reads on
 *  while it is above 0. */
export function blockDepth(text: string): number {
  return scan(text, () => undefined);
}

function skipQuoted(text: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

function isOnlyComments(piece: string): boolean {
  return piece.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

/** Net count of `[` minus `]` outside quotes, for deciding whether a bracketed unit is complete. */
export function bracketDepth(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') i = skipQuoted(text, i, c) - 1;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth;
}

/** Removes the outer `[` … `]` of a bracketed unit; other text is returned unchanged. */
export function unbracket(text: string): string {
  const t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) return t.slice(1, -1);
  return text;
}

/** A piece of input: SQL text, or one meta-command line; `offset` is where it starts in the input. */
export interface ScriptPart {
  readonly meta: boolean;
  readonly text: string;
  readonly offset: number;
}

/** Cuts input at meta-command lines (invariant 3). */
export function splitMetaCommands(text: string): ScriptPart[] {
  const out: ScriptPart[] = [];
  let sqlStart = 0;
  let at = 0;
  for (const line of text.split('\n')) {
    if (isMetaCommand(line)) {
      if (at > sqlStart) out.push({ meta: false, text: text.slice(sqlStart, at), offset: sqlStart });
      out.push({ meta: true, text: line, offset: at });
      sqlStart = at + line.length + 1;
    }
    at += line.length + 1;
  }
  if (sqlStart < text.length) out.push({ meta: false, text: text.slice(sqlStart), offset: sqlStart });
  return out;
}
