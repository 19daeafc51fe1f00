/**
 * src/level4-sql/eval/expr-text.ts — renders expressions as SQL-like text for EXPLAIN lines.
 *
 * 1. The text is for people: it is not guaranteed to re-parse. Subqueries render as `(subquery)`.
 * 2. A document literal renders in SQL style: `{'a': 1, 'b': [?, 'x'], 'c': /x/i}` (keys single-quoted).
 */
import { unreachable } from '../../common/assert';
import type { DocNode, Expr, FrameBound, LiteralValue, OrderItem, WindowSpec } from '../parse';

/** SQL-like text of an expression. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      return literalText(e.value);
    case 'ColumnRef':
      return e.parts.join('.');
    case 'Parameter':
      return e.name !== null ? `@${e.name}` : '?';
    case 'Unary':
      return e.op === 'NOT' ? `NOT ${exprText(e.operand)}` : `${e.op}${exprText(e.operand)}`;
    case 'Binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
    case 'IsNull':
      return `${wrap(e.operand)} IS ${e.not ? 'NOT ' : ''}NULL`;
    case 'IsTruth':
      return `${wrap(e.operand)} IS ${e.not ? 'NOT ' : ''}${e.truth === null ? 'UNKNOWN' : e.truth ? 'TRUE' : 'FALSE'}`;
    case 'IsDistinct':
      return `${wrap(e.left)} IS ${e.not ? 'NOT ' : ''}DISTINCT FROM ${wrap(e.right)}`;
    case 'Between':
      return `${wrap(e.operand)} ${e.not ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${wrap(e.low)} AND ${wrap(e.high)}`;
    case 'InList':
      return `${wrap(e.operand)} ${e.not ? 'NOT ' : ''}IN (${e.list.map(exprText).join(', ')})`;
    case 'QuantifiedArray':
      return `${wrap(e.operand)} ${e.op} ${e.all ? 'ALL' : 'ANY'} (${exprText(e.array)})`;
    case 'InSubquery':
      if (e.compare !== undefined) return `${wrap(e.operand)} ${e.compare.op} ${e.compare.all ? 'ALL' : 'ANY'} (subquery)`;
      return `${wrap(e.operand)} ${e.not ? 'NOT ' : ''}IN (subquery)`;
    case 'Exists':
      return 'EXISTS (subquery)';
    case 'ScalarSubquery':
      return '(subquery)';
    case 'Like':
      return `${wrap(e.operand)} ${e.not ? 'NOT ' : ''}${e.similar ? 'SIMILAR TO' : e.caseInsensitive === true ? 'ILIKE' : 'LIKE'} ${wrap(e.pattern)}${e.escape ? ` ESCAPE ${exprText(e.escape)}` : ''}`;
    case 'Case':
      return 'CASE … END';
    case 'Cast':
      return `CAST(${exprText(e.operand)} AS ${e.type.name}${e.type.params.length ? `(${e.type.params.join(',')})` : ''})`;
    case 'FunctionCall': {
      const order = e.orderBy === undefined ? '' : `ORDER BY ${e.orderBy.map((o) => exprText(o.expr) + (o.descending ? ' DESC' : '')).join(', ')}`;
      const filter = e.filter === undefined ? '' : ` FILTER (WHERE ${exprText(e.filter)})`;
      if (e.withinGroup === true) return `${e.name}(${e.args.map(exprText).join(', ')}) WITHIN GROUP (${order})${filter}`;
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(exprText).join(', ')}${order === '' ? '' : ` ${order}`})${filter}`;
    }
    case 'WindowCall':
      return `${exprText(e.call)} OVER ${typeof e.over === 'string' ? e.over : windowSpecText(e.over)}`;
    case 'RowValue':
      return `(${e.items.map(exprText).join(', ')})`;
    case 'DocumentLiteral':
      return docText(e.value);
    case 'MethodCall':
      return `${memberTarget(e.target)}.${e.name}(${e.args.map(exprText).join(', ')})`;
    case 'FieldAccess':
      return `${memberTarget(e.target)}.${e.field}`;
    case 'DefaultValue':
      return 'DEFAULT';
    default:
      return unreachable(e, 'expression');
  }
}

/** `(PARTITION BY a ORDER BY b DESC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)` */
export function windowSpecText(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base !== null) parts.push(w.base);
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map(exprText).join(', ')}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${w.orderBy.map(orderText).join(', ')}`);
  if (w.frame !== null) {
    const f = w.frame;
    parts.push(f.to === null ? `${f.unit} ${boundText(f.from)}` : `${f.unit} BETWEEN ${boundText(f.from)} AND ${boundText(f.to)}`);
  }
  return `(${parts.join(' ')})`;
}

function orderText(o: OrderItem): string {
  return `${exprText(o.expr)}${o.descending ? ' DESC' : ''}${o.nulls === null ? '' : ` NULLS ${o.nulls}`}`;
}

function boundText(b: FrameBound): string {
  return b.offset === null ? b.bound : `${exprText(b.offset)} ${b.bound}`;
}

function quoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Text of a document literal's value (invariant 2). */
function docText(n: DocNode): string {
  switch (n.type) {
    case 'object':
      return `{${n.fields.map((f) => `${quoted(f.key)}: ${docText(f.value)}`).join(', ')}}`;
    case 'array':
      return `[${n.items.map(docText).join(', ')}]`;
    case 'integer':
    case 'numeric':
    case 'real':
      return n.text;
    case 'string':
      return quoted(n.value);
    case 'boolean':
      return n.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'regex':
      return `/${n.pattern}/${n.flags}`;
    case 'param':
      return exprText(n.param);
    default:
      return unreachable(n, 'document value');
  }
}

/** The target of `.m()` / `.f`: parenthesised unless it is a name, a call or a member step already. */
function memberTarget(e: Expr): string {
  const bare = e.kind === 'ColumnRef' || e.kind === 'FunctionCall' || e.kind === 'MethodCall' || e.kind === 'FieldAccess';
  return bare ? exprText(e) : `(${exprText(e)})`;
}

function wrap(e: Expr): string {
  return e.kind === 'Binary' || e.kind === 'Between' || e.kind === 'Like' ? `(${exprText(e)})` : exprText(e);
}

function literalText(v: LiteralValue): string {
  switch (v.type) {
    case 'integer':
    case 'numeric':
    case 'real':
      return v.text;
    case 'string':
      return `'${v.value.replace(/'/g, "''")}'`;
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'date':
      return `DATE '${v.text}'`;
    case 'time':
      return `TIME '${v.text}'`;
    case 'timestamp':
      return `TIMESTAMP '${v.text}'`;
    case 'blob':
      return `X'${v.hex}'`;
    case 'interval':
      return `INTERVAL '${v.text.replace(/'/g, "''")}'${v.start === null ? '' : v.start === v.end ? ` ${v.start}` : ` ${v.start} TO ${v.end}`}`;
    default:
      return unreachable(v, 'literal');
  }
}
