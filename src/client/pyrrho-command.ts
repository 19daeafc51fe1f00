/**
 * src/client/pyrrho-command.ts — `PyrrhoCommand` and its parameter collection.
 *
 * 1. Named parameters (`@a`) are sent as an object; when a command has parameters added without names,
 *    they are sent positionally for `?` markers, in the order added. Mixing the two is an error (22023).
 * 2. `cancel` stops this command while it runs, on a connection opened with `{ worker: true }`: the command
 *    then fails with 57014 and changes nothing (ADO.NET's `DbCommand.Cancel`). It does nothing when the
 *    command is not running, as there. Over TCP it works on every connection, also while its reader
 *    fetches rows (the fetch then fails with 57014 and the reader ends).
 * 3. Over TCP, `executeReader` holds one batch of rows at a time (`fetchSize` rows, fetched as `read` needs
 *    them); other statements, and readers on other transports, get their whole result at once.
 */
import { SqlError, SqlState } from '../common/errors';
import type { PyrrhoConnect } from './pyrrho-connect';
import { PyrrhoReader } from './pyrrho-reader';
import type { Parameters, QueryResult } from './transport';

/** A parameter of a command. */
export interface PyrrhoParameter {
  readonly parameterName: string | null;
  value: unknown;
}

/** The parameters of a command: `add('@a', 1)` for named, `add(1)` for positional. */
export class PyrrhoParameterCollection {
  private readonly items: PyrrhoParameter[] = [];

  add(nameOrValue: unknown, value?: unknown): PyrrhoParameter {
    const named = arguments.length >= 2;
    const p: PyrrhoParameter = named
      ? { parameterName: String(nameOrValue).replace(/^@/, ''), value }
      : { parameterName: null, value: nameOrValue };
    this.items.push(p);
    return p;
  }

  get count(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
  }

  /** @internal the parameters in the transport's shape. */
  toParameters(): Parameters | undefined {
    if (this.items.length === 0) return undefined;
    const named = this.items.filter((p) => p.parameterName !== null);
    if (named.length === 0) return this.items.map((p) => p.value);
    if (named.length !== this.items.length) {
      throw SqlError.of(SqlState.InvalidParameterValue, ['a command cannot mix named (@a) and positional (?) parameters']);
    }
    const out: Record<string, unknown> = {};
    for (const p of named) out[p.parameterName as string] = p.value;
    return out;
  }
}

/** A statement to run on a connection. */
export class PyrrhoCommand {
  readonly parameters = new PyrrhoParameterCollection();
  /** told the rows so far (rows read plus pairs joined), a few times a second while the command runs (worker and TCP connections) */
  onProgress: ((rowsSoFar: number) => void) | null = null;
  /** rows per batch a reader over TCP asks the server for (invariant 3) */
  fetchSize = 4096;
  private running = false;
  /** the reader of the last executeReader, while it may still fetch (invariant 2) */
  private reader: PyrrhoReader | null = null;

  constructor(
    readonly connection: PyrrhoConnect,
    public commandText: string,
  ) {}

  /** Runs a query and returns a reader over its rows. */
  async executeReader(): Promise<PyrrhoReader> {
    const transport = this.connection.requireOpen();
    if (transport.stream === undefined) return new PyrrhoReader(await this.run());
    const progress = this.onProgress;
    this.running = true;
    try {
      const watch = progress === null ? undefined : { progress };
      const reader = new PyrrhoReader(await transport.stream(this.commandText, this.parameters.toParameters(), this.fetchSize, watch));
      this.reader = reader;
      return reader;
    } finally {
      this.running = false;
    }
  }

  /** Runs a statement and returns the number of rows it affected. */
  async executeNonQuery(): Promise<number> {
    return (await this.run()).rowsAffected;
  }

  /** Runs a query and returns the first column of its first row (null when there is none). */
  async executeScalar(): Promise<unknown> {
    const result = await this.run();
    const first = result.rows[0];
    return first === undefined ? null : (first[0] ?? null);
  }

  /** Stops this command if it is running (invariant 2). */
  cancel(): void {
    if (this.running || (this.reader !== null && !this.reader.isClosed)) this.connection.requireOpen().cancel();
  }

  private async run(): Promise<QueryResult> {
    const transport = this.connection.requireOpen();
    const progress = this.onProgress;
    this.running = true;
    try {
      return await transport.execute(this.commandText, this.parameters.toParameters(), progress === null ? undefined : { progress });
    } finally {
      this.running = false;
    }
  }
}
