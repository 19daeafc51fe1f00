/**
 * src/cli/script.ts — cutting pyrrhocmd input into statements.
 *
 * 1. `splitStatements` splits on `;` outside string literals, quoted identifiers and comments, and keeps
 *    each statement's text exactly as typed (trimmed), so error positions line up with what the user sees.
 * 2. `[ … ]` is Pyrrho's multi-line form: a unit that starts with `[` continues until the brackets balance;
 *    the outer brackets are removed (`unbracket`).
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
  let i = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const piece = raw.trim();
    if (piece !== '' && !isOnlyComments(piece)) out.push({ text: piece, offset: start + lead });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipQuoted(text, i, c);
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === ';') {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(text.length);
  return out;
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
