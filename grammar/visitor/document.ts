/**
 * grammar/visitor/document.ts — DocumentVisitor: CST → DocNodes for document literals, and their token helpers.
 *
 * 1. A single-quoted string is an SQL string (`''` is one quote, a backslash is a backslash); a double-quoted
 *    one is a JSON string whose escapes are decoded here. An escape JSON does not have (`\x`, `\u12`) is
 *    22D01 InvalidDocument at the backslash's offset — a data error about the literal, not a syntax error.
 * 2. A key is the decoded string, or a bare word exactly as written (`true`, `Null` and `$gt` included).
 * 3. Scalars become DocNodes with their token's span; numbers keep their text (Level 4 decides the value).
 * 4. A key given twice in one document is 22D01 at the second key.
 * 5. A `?` joins `positional` (ExpressionVisitor), so SqlVisitor numbers it with the statement's other `?`s.
 */
import type { CstNode, IToken } from 'chevrotain';
import { SqlError, SqlState } from '../../src/common/errors';
import type { DocField, DocNode, Parameter } from '../ast/expression';
import type * as C from '../cst.generated';
import { DocString } from '../tokens/document';
import { QuestionMark, StringLiteral } from '../tokens/literals';
import { one, spanOf, tokenEnd, unquote } from './cst-helpers';
import { ExpressionVisitor } from './expression';

/** Builds the DocNodes of document literals. */
export abstract class DocumentVisitor extends ExpressionVisitor {
  /** A document literal's object node; a key given twice is 22D01 at its second occurrence. */
  documentLiteral(ctx: C.DocumentLiteralCstChildren, node: CstNode): DocNode {
    const fields: DocField[] = [];
    const fieldNodes = ctx.documentField;
    if (fieldNodes !== undefined) {
      const seen = new Set<string>();
      for (const n of fieldNodes) {
        const field = this.documentField(n.children, n);
        if (seen.has(field.key)) {
          throw SqlError.of(SqlState.InvalidDocument, [`duplicate key ${JSON.stringify(field.key)}`], {
            position: field.keyPosition,
          });
        }
        seen.add(field.key);
        fields.push(field);
      }
    }
    return { type: 'object', ...spanOf(node), fields };
  }

  documentField(ctx: C.DocumentFieldCstChildren, _node: CstNode): DocField {
    const key = one(ctx.key, 'document key');
    const v = one(ctx.documentValue);
    return { key: docKey(key), keyPosition: key.startOffset, value: this.documentValue(v.children, v) };
  }

  documentValue(ctx: C.DocumentValueCstChildren, _node: CstNode): DocNode {
    const scalar = scalarNode(ctx);
    if (scalar !== null) return scalar;
    const object = ctx.documentLiteral?.[0];
    if (object !== undefined) return this.documentLiteral(object.children, object);
    const array = ctx.documentArray?.[0];
    if (array !== undefined) return this.documentArray(array.children, array);
    const token = ctx.QuestionMark?.[0] ?? one(ctx.NamedParameter, 'document value');
    const span = { position: token.startOffset, end: tokenEnd(token) };
    const named = token.tokenType !== QuestionMark;
    const param: Parameter = { kind: 'Parameter', index: null, name: named ? token.image.slice(1) : null, ...span };
    if (!named) this.positional.push(param);
    return { type: 'param', ...span, param };
  }

  documentArray(ctx: C.DocumentArrayCstChildren, node: CstNode): DocNode {
    const items: DocNode[] = [];
    for (const v of ctx.documentValue ?? []) items.push(this.documentValue(v.children, v));
    return { type: 'array', ...spanOf(node), items };
  }
}

/** The one-character JSON escapes and what they stand for. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The value of a `"…"` token inside a document: JSON escapes decoded, any other escape an error (invariant 1). */
function decodeDocString(token: IToken): string {
  const image = token.image;
  const first = image.indexOf('\\');
  if (first < 0) return image.slice(1, -1);
  let out = image.slice(1, first);
  let i = first;
  const last = image.length - 1;
  while (i < last) {
    const c = image[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = image[i + 1]!;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (e === 'u' && HEX4.test(image.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(image.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      const escape = e === 'u' ? image.slice(i, Math.min(i + 6, last)) : `\\${e}`;
      throw SqlError.of(SqlState.InvalidDocument, [`bad escape ${escape} in a string`], {
        position: token.startOffset + i,
      });
    }
  }
  return out;
}

/** A field's key from its token (invariant 2). */
function docKey(token: IToken): string {
  if (token.tokenType === StringLiteral) return unquote(token);
  if (token.tokenType === DocString) return decodeDocString(token);
  return token.image;
}

/** The DocNode of a scalar document value (every `documentValue` alternative but objects and arrays). */
function scalarNode(ctx: C.DocumentValueCstChildren): DocNode | null {
  let t: IToken | undefined;
  if ((t = ctx.StringLiteral?.[0]) !== undefined) return { type: 'string', ...span(t), value: unquote(t) };
  if ((t = ctx.DocString?.[0]) !== undefined) return { type: 'string', ...span(t), value: decodeDocString(t) };
  if ((t = ctx.DocInteger?.[0]) !== undefined) return { type: 'integer', ...span(t), text: t.image };
  if ((t = ctx.DocDecimal?.[0]) !== undefined) return { type: 'numeric', ...span(t), text: t.image };
  if ((t = ctx.DocReal?.[0]) !== undefined) return { type: 'real', ...span(t), text: t.image };
  if ((t = ctx.DocTrue?.[0]) !== undefined) return { type: 'boolean', ...span(t), value: true };
  if ((t = ctx.DocFalse?.[0]) !== undefined) return { type: 'boolean', ...span(t), value: false };
  if ((t = ctx.DocNull?.[0]) !== undefined) return { type: 'null', ...span(t) };
  if ((t = ctx.RegexLiteral?.[0]) !== undefined) {
    const image = t.image;
    const close = image.lastIndexOf('/');
    return { type: 'regex', ...span(t), pattern: image.slice(1, close), flags: image.slice(close + 1) };
  }
  return null;
}

function span(token: IToken): { position: number; end: number } {
  return { position: token.startOffset, end: tokenEnd(token) };
}
