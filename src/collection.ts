/**
 * src/collection.ts — the MongoDB-style collection API (`db.collection(name)`), compiled to SQL over a table
 * with one DOCUMENT column: no second engine, the same plans, indexes and errors as SQL.
 *
 * 1. Collection `name` is the table "name" (quoted, so its case is kept) with the one column DOC DOCUMENT. A
 *    write (insert, createIndex) creates it when it is missing; until then reads see an empty collection and
 *    updates and deletes match nothing: never 42P01.
 * 2. Filters and updates are compiled by the engine as templates, so every query and update operator and
 *    every error on them is the SQL one. An update is a parameter (`SET doc = ?`); a filter is a document
 *    literal of its own shape with a `?` per value (`WHERE doc = {"address": {"zip": ?}}`, see `whereOf`), so
 *    that the planner sees the paths it fixes and uses their indexes. An empty filter means no WHERE.
 * 3. A method that runs more than one statement runs them in one transaction: its own when none is open, else
 *    the caller's — and then an engine error ends the caller's transaction, as any SQL error does.
 * 4. Whether the table exists is read from the latest committed state without a statement (a failing
 *    statement would end the caller's transaction). Inside an explicit transaction the table may exist only
 *    in that transaction, which that state cannot show: there, a read of a collection the committed state
 *    lacks first runs `CREATE TABLE IF NOT EXISTS`, so it may create the (empty) table in that transaction.
 * 5. Nothing the caller passes in is changed: an `_id` is added to a copy. Projections are applied in
 *    JavaScript to the documents the SELECT returns, with MongoDB's rules (see `compileProjection`).
 */
import { ObjectId } from 'bson';
import { SqlError, SqlState } from './common/errors';
import { bsonTypeName, docEquals, docHashKey, isDoc, type DocValue } from './common/values/document/doc-value';
import { arrayIndexOf, parseDottedPath } from './common/values/document/doc-path';
import type { Database } from './database';

/** A document as the API takes and returns it: a plain object. */
export interface Document {
  [field: string]: unknown;
}

/** A sort direction: ascending (1, 'asc', 'ascending') or descending (-1, 'desc', 'descending'). */
export type SortDirection = 1 | -1 | 'asc' | 'desc' | 'ascending' | 'descending';

/** Options of `find` and `findOne`. */
export interface FindOptions {
  /** field paths (dotted) to their directions, most significant first: `{ 'address.zip': 1, age: -1 }` */
  readonly sort?: Readonly<Record<string, SortDirection>>;
  /** at most this many documents; 0 means no limit */
  readonly limit?: number;
  /** skip this many documents first */
  readonly skip?: number;
  /** `{ name: 1, 'address.zip': 1 }` keeps only those fields (and `_id` unless `_id: 0`); `{ tags: 0 }` drops them */
  readonly projection?: Readonly<Record<string, number | boolean>>;
}

/** What `insertOne` returns. */
export interface InsertOneResult {
  readonly acknowledged: true;
  /** the `_id` of the document: its own, or the ObjectId generated for it */
  readonly insertedId: unknown;
}

/** What `insertMany` returns. */
export interface InsertManyResult {
  readonly acknowledged: true;
  readonly insertedCount: number;
  /** the `_id` of each document, by its position in the array given */
  readonly insertedIds: Readonly<Record<number, unknown>>;
}

/** What `updateOne` and `updateMany` return. */
export interface UpdateResult {
  readonly acknowledged: true;
  /** documents the filter matched */
  readonly matchedCount: number;
  /** matched documents that the update actually changed */
  readonly modifiedCount: number;
}

/** What `deleteOne` and `deleteMany` return. */
export interface DeleteResult {
  readonly acknowledged: true;
  readonly deletedCount: number;
}

/** An index specification: field paths (dotted) to 1 (ascending) or -1 (descending), in key order. */
export type IndexSpecification = Readonly<Record<string, 1 | -1>>;

const FIND_OPTIONS = new Set(['sort', 'limit', 'skip', 'projection']);

function invalid(message: string): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [message]);
}

/** `name` as a double-quoted SQL identifier. */
function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQL selector of a dotted path under the DOC column: `doc."address"."zip"`, `doc."tags".0`. */
function selectorSql(path: string): string {
  const steps = parseDottedPath(path).map((s) => (arrayIndexOf(s) >= 0 ? s : quoteName(s)));
  return `doc.${steps.join('.')}`;
}

/** Operators whose operand is a template (or, for `$and $or $nor`, a list of them), not a value. */
const TEMPLATE_OPERATORS = new Set(['$and', '$or', '$nor', '$not', '$elemMatch']);

/** A WHERE clause and its parameters. */
interface Where {
  readonly sql: string;
  readonly params: unknown[];
}

const NO_WHERE: Where = { sql: '', params: [] };

/** The document whose `_id` is the parameter (`$eq`: an `_id` that is a document matches exactly, not partially). */
const BY_ID = ' WHERE doc = {"_id": {"$eq": ?}}';

/** The documents whose `_id` is in the parameter, an array. */
const BY_IDS = ' WHERE doc = {"_id": {"$in": ?}}';

/**
 * The WHERE clause of a filter (invariant 2): none for no filter or `{}`; else `WHERE doc = {…}`, a document
 * literal with the filter's structure (fields, nested documents, template operators) and a `?` for every value.
 * The engine reads such a literal as it reads a filter given whole as a parameter, and the planner finds in it
 * the paths an index can serve (`{"address": {"zip": ?}}`) once per plan, where a template parameter has its
 * index chosen per execution (template-params.ts). A filter with a regular expression where a value would be a
 * `?` of its own is given whole (`WHERE doc = ?`): the engine takes a RegExp inside a parameter document but not
 * as a parameter by itself.
 */
function whereOf(filter: unknown): Where {
  if (filter === undefined || filter === null) return NO_WHERE;
  if (!isDoc(filter)) throw invalid(`a filter must be a document (a plain object), not ${describe(filter)}`);
  if (Object.keys(filter).length === 0) return NO_WHERE;
  const params: unknown[] = [];
  const sql = templateSql(filter, params);
  if (params.some((p) => p instanceof RegExp)) return { sql: ' WHERE doc = ?', params: [filter] };
  return { sql: ` WHERE doc = ${sql}`, params };
}

/** A template as a document literal; its values become `?` parameters appended to `params`. */
function templateSql(template: Document, params: unknown[]): string {
  const fields: string[] = [];
  for (const key of Object.keys(template)) {
    const v = template[key];
    if (v === undefined) continue; // left out, as a parameter document leaves it out
    let value: string;
    if (key.startsWith('$') && !TEMPLATE_OPERATORS.has(key)) value = param(v, params); // an operand is a value
    else if (isDoc(v)) value = templateSql(v, params); // a nested template, or an operator's template operand
    else if (Array.isArray(v) && TEMPLATE_OPERATORS.has(key)) {
      value = `[${v.map((item) => (isDoc(item) ? templateSql(item, params) : param(item, params))).join(', ')}]`;
    } else value = param(v, params);
    fields.push(`${JSON.stringify(key)}: ${value}`);
  }
  return `{${fields.join(', ')}}`;
}

function param(v: unknown, params: unknown[]): string {
  params.push(v);
  return '?';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an instance of ${v.constructor?.name ?? 'a class'}`;
  return `a ${typeof v}`;
}

function checkCount(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw invalid(`${what} must be a non-negative integer, not ${typeof v === 'number' ? v : describe(v)}`);
  }
  return v;
}

function sortDirection(key: string, v: unknown): 'ASC' | 'DESC' {
  if (v === 1) return 'ASC';
  if (v === -1) return 'DESC';
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s === 'asc' || s === 'ascending') return 'ASC';
    if (s === 'desc' || s === 'descending') return 'DESC';
  }
  throw invalid(`the sort direction of "${key}" must be 1, -1, 'asc' or 'desc'`);
}

/** `ORDER BY …` for a sort specification ('' when it names no field). */
function orderBySql(sort: unknown): string {
  if (sort === undefined) return '';
  if (!isDoc(sort)) throw invalid(`sort must be a document such as { age: -1 }, not ${describe(sort)}`);
  const keys = Object.keys(sort).map((k) => `${selectorSql(k)} ${sortDirection(k, sort[k])}`);
  return keys.length === 0 ? '' : ` ORDER BY ${keys.join(', ')}`;
}

/** Deep equality that also sees a change of field order or of type (1 and 1n are equal values, not the same). */
function sameDocValue(a: DocValue, b: DocValue): boolean {
  if (isDoc(a)) {
    if (!isDoc(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k, i) => k === kb[i] && sameDocValue(a[k]!, b[k]!));
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameDocValue(x, b[i]!));
  }
  return bsonTypeName(a) === bsonTypeName(b) && docEquals(a, b);
}

/** A MongoDB collection over the one-DOCUMENT-column table of the same name (see the file header). */
export class Collection {
  private readonly table: string;
  private readonly createSql: string;
  private readonly insertSql: string;

  /**
   * @internal use `Database.collection`. `tableCommitted(name)` says whether the latest committed state has
   * the table `name` (and throws 08003 once the database is closed).
   */
  constructor(
    private readonly db: Database,
    /** the collection's name, which is its table's name */
    readonly collectionName: string,
    private readonly tableCommitted: (name: string) => boolean,
  ) {
    if (typeof collectionName !== 'string' || collectionName.length === 0 || collectionName.includes('\0')) {
      throw invalid('a collection name must be a non-empty string without NUL characters');
    }
    this.table = quoteName(collectionName);
    this.createSql = `CREATE TABLE IF NOT EXISTS ${this.table} (doc DOCUMENT)`;
    this.insertSql = `INSERT INTO ${this.table} VALUES (?)`;
  }

  /**
   * Inserts one document; one without an `_id` (or with a null one) is stored with a new ObjectId, which is
   * returned. The caller's object is not changed. A duplicate `_id` is 23505.
   */
  insertOne(doc: Document): InsertOneResult {
    const [stored, id] = withId(doc, 'the document');
    if (this.tableCommitted(this.collectionName) && !this.db.inTransaction) {
      this.db.execute(this.insertSql, [stored]); // one statement is atomic by itself
    } else {
      this.atomic(() => {
        this.ensureTable();
        this.db.execute(this.insertSql, [stored]);
      });
    }
    return { acknowledged: true, insertedId: id };
  }

  /**
   * Inserts the documents in order, all or none (one transaction, or part of the caller's), each given an
   * ObjectId `_id` when it has none; returns their `_id`s by position.
   */
  insertMany(docs: readonly Document[]): InsertManyResult {
    if (!Array.isArray(docs)) throw invalid(`insertMany takes an array of documents, not ${describe(docs)}`);
    const insertedIds: Record<number, unknown> = {};
    const stored = docs.map((d, i) => {
      const [s, id] = withId(d, `document ${i}`);
      insertedIds[i] = id;
      return s;
    });
    if (stored.length > 0) {
      this.atomic(() => {
        this.ensureTable();
        for (const s of stored) this.db.execute(this.insertSql, [s]);
      });
    }
    return { acknowledged: true, insertedCount: stored.length, insertedIds };
  }

  /**
   * The documents matching `filter` (a template with MongoDB's query operators; `{}` matches all), sorted,
   * skipped, limited and projected as `options` say.
   */
  find(filter: Document = {}, options: FindOptions = {}): Document[] {
    if (!isDoc(options)) throw invalid(`find options must be a plain object, not ${describe(options)}`);
    for (const k of Object.keys(options)) {
      if (!FIND_OPTIONS.has(k)) throw invalid(`unknown find option "${k}" (sort, limit, skip, projection)`);
    }
    const where = whereOf(filter);
    const order = orderBySql(options.sort);
    const limit = options.limit === undefined ? 0 : checkCount(options.limit, 'limit');
    const skip = options.skip === undefined ? 0 : checkCount(options.skip, 'skip');
    const project = options.projection === undefined ? null : compileProjection(options.projection);
    if (!this.readable()) return [];
    const params = [...where.params];
    let sql = `SELECT doc FROM ${this.table}${where.sql}${order}`;
    if (limit > 0) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    if (skip > 0) {
      sql += ' OFFSET ?';
      params.push(skip);
    }
    const docs = this.db.execute(sql, params).rows.map((r) => r[0] as Document);
    return project === null ? docs : docs.map(project);
  }

  /** The first document `find(filter, options)` would return, or null. */
  findOne(filter: Document = {}, options: FindOptions = {}): Document | null {
    const opts: FindOptions = isDoc(options) ? { ...options, limit: 1 } : options;
    return this.find(filter, opts)[0] ?? null;
  }

  /** How many documents match `filter` (all of them for `{}`). */
  countDocuments(filter: Document = {}): number {
    const where = whereOf(filter);
    if (!this.readable()) return 0;
    const n = this.db.execute(`SELECT count(*) FROM ${this.table}${where.sql}`, where.params).rows[0]?.[0];
    return Number(n);
  }

  /**
   * Applies `update` (update operators such as `{ $set: …, $inc: … }`, or a replacement document, which keeps
   * the `_id`) to the first document matching `filter`.
   */
  updateOne(filter: Document, update: Document): UpdateResult {
    const where = whereOf(filter);
    const template = updateParam(update);
    if (!this.readable()) return updated(0, 0);
    return this.atomic(() => {
      const before = this.firstMatch(where);
      if (before === undefined) return updated(0, 0);
      const id = before['_id'] ?? null;
      this.db.execute(`UPDATE ${this.table} SET doc = ?${BY_ID}`, [template, id]);
      const after = this.db.execute(`SELECT doc FROM ${this.table}${BY_ID}`, [id]).rows[0]?.[0];
      return updated(1, after !== undefined && sameDocValue(before, after as DocValue) ? 0 : 1);
    });
  }

  /** Applies `update` (as for `updateOne`) to every document matching `filter`. */
  updateMany(filter: Document, update: Document): UpdateResult {
    const where = whereOf(filter);
    const template = updateParam(update);
    if (!this.readable()) return updated(0, 0);
    return this.atomic(() => {
      const before = this.db.execute(`SELECT doc FROM ${this.table}${where.sql}`, where.params).rows;
      if (before.length === 0) return updated(0, 0);
      const sql = `UPDATE ${this.table} SET doc = ?${where.sql}`;
      const matched = this.db.execute(sql, [template, ...where.params]).rowsAffected;
      const ids = before.map((r) => (r[0] as Record<string, DocValue>)['_id'] ?? null);
      const afterRows = this.db.execute(`SELECT doc FROM ${this.table}${BY_IDS}`, [ids]).rows;
      const after = new Map<string, DocValue>();
      for (const [d] of afterRows) after.set(docHashKey((d as Record<string, DocValue>)['_id'] ?? null), d as DocValue);
      let modified = 0;
      for (const [d] of before) {
        const old = d as Record<string, DocValue>;
        const now = after.get(docHashKey(old['_id'] ?? null));
        if (now === undefined || !sameDocValue(old, now)) modified++;
      }
      return updated(matched, modified);
    });
  }

  /** Deletes the first document matching `filter`. */
  deleteOne(filter: Document): DeleteResult {
    const where = whereOf(filter);
    if (!this.readable()) return deleted(0);
    return this.atomic(() => {
      const first = this.firstMatch(where);
      if (first === undefined) return deleted(0);
      return deleted(this.db.execute(`DELETE FROM ${this.table}${BY_ID}`, [first['_id'] ?? null]).rowsAffected);
    });
  }

  /** Deletes every document matching `filter` (all of them for `{}`). */
  deleteMany(filter: Document): DeleteResult {
    const where = whereOf(filter);
    if (!this.readable()) return deleted(0);
    return deleted(this.db.execute(`DELETE FROM ${this.table}${where.sql}`, where.params).rowsAffected);
  }

  /**
   * Creates an index on the given field paths (a compound index for several), creating the collection when it
   * does not exist; returns the index's name, `<collection>_<field>_<direction>…` (MongoDB's name prefixed
   * with the collection's, as index names are unique in the database). Creating it again does nothing (nor
   * does an index of that name made otherwise). The direction is part of the name only: every index can be
   * scanned both ways. As in Pyrrho, every document must then hold each indexed path (22D05 otherwise).
   */
  createIndex(spec: IndexSpecification): string {
    if (!isDoc(spec)) {
      throw invalid(`an index specification must be a document such as { age: 1 }, not ${describe(spec)}`);
    }
    const keys = Object.keys(spec);
    if (keys.length === 0) throw invalid('an index specification needs at least one field');
    const parts: string[] = [];
    const columns: string[] = [];
    for (const k of keys) {
      const dir = spec[k];
      if (dir !== 1 && dir !== -1) {
        if (typeof dir === 'string') {
          throw SqlError.of(SqlState.FeatureNotSupported, [`index type '${dir}' (only 1 and -1 indexes)`]);
        }
        throw invalid(`the direction of index field "${k}" must be 1 or -1`);
      }
      parts.push(`${k}_${dir}`);
      columns.push(selectorSql(k));
    }
    const name = `${this.collectionName}_${parts.join('_')}`;
    this.atomic(() => {
      this.ensureTable();
      this.db.execute(`CREATE INDEX IF NOT EXISTS ${quoteName(name)} ON ${this.table} (${columns.join(', ')})`);
    });
    return name;
  }

  /** The first document matching `where`, or undefined. */
  private firstMatch(where: Where): Record<string, DocValue> | undefined {
    const sql = `SELECT doc FROM ${this.table}${where.sql} FETCH FIRST 1 ROWS ONLY`;
    return this.db.execute(sql, where.params).rows[0]?.[0] as Record<string, DocValue> | undefined;
  }

  /** Whether the table can be read (invariant 4): false means the collection is empty. */
  private readable(): boolean {
    if (this.tableCommitted(this.collectionName)) return true;
    if (!this.db.inTransaction) return false;
    this.db.execute(this.createSql);
    return true;
  }

  /** Creates the table when the committed state lacks it (inside the transaction `atomic` runs in). */
  private ensureTable(): void {
    if (!this.tableCommitted(this.collectionName)) this.db.execute(this.createSql);
  }

  /** Runs `work` in the open transaction, or in one of its own that commits when `work` returns (invariant 3). */
  private atomic<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    this.db.execute('BEGIN TRANSACTION');
    let result: T;
    try {
      result = work();
    } catch (e) {
      if (this.db.inTransaction) this.db.execute('ROLLBACK'); // an engine error has rolled it back already
      throw e;
    }
    this.db.execute('COMMIT');
    return result;
  }
}

function updated(matchedCount: number, modifiedCount: number): UpdateResult {
  return { acknowledged: true, matchedCount, modifiedCount };
}

function deleted(deletedCount: number): DeleteResult {
  return { acknowledged: true, deletedCount };
}

function updateParam(update: unknown): Document {
  if (!isDoc(update)) throw invalid(`an update must be a document (a plain object), not ${describe(update)}`);
  if (Object.keys(update).length === 0) {
    throw invalid('an update must not be empty: give update operators ($set, $inc, …) or a replacement document');
  }
  return update;
}

/** A copy of `doc` that has an `_id` (a new ObjectId, first, when it had none or a null one), and that `_id`. */
function withId(doc: unknown, what: string): [Document, unknown] {
  if (!isDoc(doc)) throw invalid(`${what} must be a document (a plain object), not ${describe(doc)}`);
  const id = doc['_id'];
  if (id !== undefined && id !== null) return [doc, id];
  const fresh = new ObjectId();
  return ['_id' in doc ? { ...doc, _id: fresh } : { _id: fresh, ...doc }, fresh];
}

// ---- projection ---------------------------------------------------------------------------------------------

/** A projection as a tree of path segments: `true` marks the end of a projected path. */
type ProjectionTree = Map<string, ProjectionTree | true>;

/**
 * Compiles a projection into a function from a document to its projected copy, with MongoDB's rules:
 * 1. `{ f: 1, … }` (or true, or any non-zero number) keeps only the paths named, plus `_id` unless `_id: 0`;
 *    `{ f: 0, … }` (or false) keeps everything but them. Mixing the two is 22023, except for `_id`, which
 *    may be excluded from an inclusion or included in an exclusion. `{ _id: 0 }` alone excludes `_id`,
 *    `{ _id: 1 }` alone keeps only `_id`.
 * 2. A dotted path goes into embedded documents and into every document of an array (numeric segments are
 *    field names here, not positions). An inclusion keeps the document's field order, keeps `{}` for an
 *    embedded document without the field, and drops array elements and values that are not documents along
 *    the path; an exclusion leaves those untouched.
 * 3. Two paths where one is a prefix of the other (`a` and `a.b`) are a path collision: 22023.
 */
export function compileProjection(projection: unknown): (doc: Document) => Document {
  if (!isDoc(projection)) {
    throw invalid(`a projection must be a document such as { name: 1 }, not ${describe(projection)}`);
  }
  const include: string[] = [];
  const exclude: string[] = [];
  let idFlag: boolean | undefined;
  for (const key of Object.keys(projection)) {
    const v = projection[key];
    if (typeof v !== 'number' && typeof v !== 'boolean') {
      throw invalid(`the projection of "${key}" must be 1, 0, true or false (projection operators are not supported)`);
    }
    const on = typeof v === 'number' ? v !== 0 : v;
    if (key === '_id') idFlag = on;
    else (on ? include : exclude).push(key);
  }
  if (include.length > 0 && exclude.length > 0) {
    const both = `"${include[0]}" and "${exclude[0]}"`;
    throw invalid(`a projection cannot both include and exclude fields (${both}), except _id`);
  }
  if (include.length === 0 && exclude.length === 0) {
    if (idFlag === undefined) return (d) => d;
    if (idFlag) include.push('_id');
    else exclude.push('_id');
  } else if (include.length > 0 && idFlag !== false) {
    include.unshift('_id');
  } else if (exclude.length > 0 && idFlag === false) {
    exclude.unshift('_id');
  }
  if (include.length > 0) {
    const tree = projectionTree(include);
    return (d) => includeFields(d as Record<string, DocValue>, tree) as Document;
  }
  const tree = projectionTree(exclude);
  return (d) => excludeFields(d as Record<string, DocValue>, tree) as Document;
}

function projectionTree(paths: readonly string[]): ProjectionTree {
  const root: ProjectionTree = new Map();
  for (const path of paths) {
    const steps = parseDottedPath(path);
    let node = root;
    steps.forEach((step, i) => {
      const child = node.get(step);
      const last = i === steps.length - 1;
      if (child === true || (last && child !== undefined)) {
        throw invalid(`path collision at "${path}" in the projection`);
      }
      if (last) node.set(step, true);
      else if (child === undefined) {
        const next: ProjectionTree = new Map();
        node.set(step, next);
        node = next;
      } else node = child;
    });
  }
  return root;
}

/** `out[k] = v` as an own data field, also for a field named `__proto__`. */
function setField(out: Record<string, DocValue>, k: string, v: DocValue): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function includeFields(d: Record<string, DocValue>, tree: ProjectionTree): Record<string, DocValue> {
  const out: Record<string, DocValue> = {};
  for (const k of Object.keys(d)) {
    const node = tree.get(k);
    if (node === undefined) continue;
    const v = d[k]!;
    if (node === true) setField(out, k, v);
    else if (isDoc(v)) setField(out, k, includeFields(v, node));
    else if (Array.isArray(v)) setField(out, k, includeInArray(v, node));
  }
  return out;
}

function includeInArray(a: readonly DocValue[], tree: ProjectionTree): DocValue[] {
  const out: DocValue[] = [];
  for (const e of a) {
    if (isDoc(e)) out.push(includeFields(e, tree));
    else if (Array.isArray(e)) out.push(includeInArray(e, tree));
  }
  return out;
}

function excludeFields(d: Record<string, DocValue>, tree: ProjectionTree): Record<string, DocValue> {
  const out: Record<string, DocValue> = {};
  for (const k of Object.keys(d)) {
    const node = tree.get(k);
    const v = d[k]!;
    if (node === undefined) setField(out, k, v);
    else if (node !== true) setField(out, k, excludeIn(v, node));
  }
  return out;
}

function excludeIn(v: DocValue, tree: ProjectionTree): DocValue {
  if (isDoc(v)) return excludeFields(v, tree);
  if (Array.isArray(v)) return v.map((e) => excludeIn(e, tree));
  return v;
}
