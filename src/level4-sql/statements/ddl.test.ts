/**
 * src/level4-sql/statements/ddl.test.ts — CREATE/DROP TABLE, CREATE/DROP INDEX and ALTER TABLE through the
 * embedded API: what they build, and every SQLSTATE they raise.
 */
import { Database } from '../../database';
import { SqlError, SqlState } from '../../common/errors';

let db: Database;
beforeEach(() => {
  db = Database.open(':memory:');
});
afterEach(() => db.close());

function fails(sql: string, params?: unknown[]): SqlError {
  try {
    db.execute(sql, params);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error(`expected ${sql} to fail`);
}

function rows(sql: string): unknown[][] {
  return db.execute(sql).rows;
}

describe('CREATE TABLE', () => {
  test('names and columns', () => {
    db.execute('CREATE TABLE t (a INTEGER, "Mixed" VARCHAR(3))');
    expect(db.execute('SELECT * FROM t').columns).toEqual(['A', 'Mixed']);
    expect(fails('CREATE TABLE t (b INTEGER)').sqlState).toBe(SqlState.DuplicateTable);
    expect(fails('CREATE TABLE T (b INTEGER)').sqlState).toBe(SqlState.DuplicateTable);
    db.execute('CREATE TABLE IF NOT EXISTS t (b INTEGER)');
    expect(db.execute('SELECT * FROM t').columns).toEqual(['A', 'Mixed']);
    expect(fails('CREATE TABLE u (a INTEGER, A INTEGER)').sqlState).toBe(SqlState.DuplicateColumn);
    expect(fails('CREATE TABLE u (a WIBBLE)').sqlState).toBe(SqlState.UndefinedObject); // no type WIBBLE (CREATE TYPE)
    expect(fails('CREATE TABLE u (a NUMERIC(2,5))').sqlState).toBe(SqlState.InvalidParameterValue);
    expect(fails('SELECT * FROM u').sqlState).toBe(SqlState.UndefinedTable);
  });

  test('key definitions', () => {
    expect(fails('CREATE TABLE u (a INTEGER PRIMARY KEY, b INTEGER, PRIMARY KEY (b))').sqlState).toBe(
      SqlState.InvalidTableDefinition,
    );
    expect(fails('CREATE TABLE u (a INTEGER NULL NOT NULL)').sqlState).toBe(SqlState.InvalidTableDefinition);
    expect(fails('CREATE TABLE u (a INTEGER, PRIMARY KEY (b))').sqlState).toBe(SqlState.UndefinedColumn);
    expect(fails('CREATE TABLE u (a INTEGER, b INTEGER, PRIMARY KEY (a, a))').sqlState).toBe(SqlState.DuplicateColumn);
    expect(fails('CREATE TABLE u (a INTEGER CONSTRAINT k UNIQUE, b INTEGER CONSTRAINT k UNIQUE)').sqlState).toBe(
      SqlState.DuplicateObject,
    );
    db.execute('CREATE TABLE u (a INTEGER, b INTEGER, PRIMARY KEY (a, b))');
    db.execute('INSERT INTO u VALUES (1, 1), (1, 2)');
    expect(fails('INSERT INTO u VALUES (1, 2)').sqlState).toBe(SqlState.UniqueViolation);
    expect(fails('INSERT INTO u VALUES (NULL, 2)').sqlState).toBe(SqlState.NotNullViolation);
  });

  test('DEFAULT must be constant, assignable and free of parameters and subqueries', () => {
    expect(fails('CREATE TABLE u (a INTEGER, b INTEGER DEFAULT a)').sqlState).toBe(SqlState.InvalidColumnReference);
    expect(fails('CREATE TABLE u (a INTEGER DEFAULT ?)', [1]).sqlState).toBe(SqlState.FeatureNotSupported);
    expect(fails('CREATE TABLE u (a INTEGER, b INTEGER GENERATED ALWAYS AS (a + ?))', [1]).sqlState).toBe(SqlState.FeatureNotSupported);
    expect(fails('CREATE TABLE u (a INTEGER DEFAULT (SELECT 1))').sqlState).toBe(SqlState.FeatureNotSupported);
    expect(fails("CREATE TABLE u (a INTEGER DEFAULT 'abc')").sqlState).toBe(SqlState.DatatypeMismatch);
    expect(fails("CREATE TABLE u (a VARCHAR(2) DEFAULT 'abc')").sqlState).toBe(SqlState.StringDataRightTruncation);
    expect(fails('CREATE TABLE u (a INTEGER DEFAULT 1 DEFAULT 2)').sqlState).toBe(SqlState.InvalidColumnDefinition);
    db.execute('CREATE TABLE u (a INTEGER, d DATE DEFAULT CURRENT_DATE, n NUMERIC(5,2) DEFAULT 1.005 * 2)');
    db.execute('INSERT INTO u (a) VALUES (1)');
    const [row] = rows('SELECT d, n FROM u');
    expect(row![0]).toBeInstanceOf(Date);
    expect(String(row![1])).toBe('2.01');
  });

  test('CHECK: boolean, no parameters, evaluated on insert and update, NULL passes', () => {
    expect(fails('CREATE TABLE u (a INTEGER CHECK (a + 1))').sqlState).toBe(SqlState.DatatypeMismatch);
    expect(fails('CREATE TABLE u (a INTEGER CHECK (a > ?))', [1]).sqlState).toBe(SqlState.FeatureNotSupported);
    expect(fails('CREATE TABLE u (a INTEGER CHECK (nosuch > 1))').sqlState).toBe(SqlState.UndefinedColumn);
    db.execute('CREATE TABLE u (a INTEGER CONSTRAINT pos CHECK (a > 0), b INTEGER, CHECK (b > a))');
    db.execute('INSERT INTO u VALUES (1, 2), (NULL, NULL)');
    const e = fails('INSERT INTO u VALUES (0, 5)');
    expect(e.sqlState).toBe(SqlState.CheckViolation);
    expect(e.message).toContain('POS');
    expect(fails('INSERT INTO u VALUES (5, 1)').message).toContain('U_CHECK');
    expect(fails('UPDATE u SET b = 0 WHERE a = 1').sqlState).toBe(SqlState.CheckViolation);
  });

  test('foreign keys', () => {
    db.execute('CREATE TABLE p (id INTEGER PRIMARY KEY, code VARCHAR(3) UNIQUE, other INTEGER)');
    db.execute("INSERT INTO p VALUES (1, 'a', 0), (2, 'b', 0)");
    expect(fails('CREATE TABLE c (x INTEGER REFERENCES nosuch)').sqlState).toBe(SqlState.UndefinedTable);
    expect(fails('CREATE TABLE c (x INTEGER REFERENCES p (other))').sqlState).toBe(SqlState.InvalidForeignKey);
    expect(fails('CREATE TABLE c (x INTEGER REFERENCES p (nosuch))').sqlState).toBe(SqlState.UndefinedColumn);
    expect(fails('CREATE TABLE c (x INTEGER, y INTEGER, FOREIGN KEY (x, y) REFERENCES p)').sqlState).toBe(
      SqlState.InvalidForeignKey,
    );
    expect(fails('CREATE TABLE c (x DATE REFERENCES p)').sqlState).toBe(SqlState.DatatypeMismatch);
    // every referential action is accepted (dml/08-fk-actions.test runs them)
    db.execute('CREATE TABLE c0 (x INTEGER REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL)');
    db.execute('DROP TABLE c0');
    db.execute('CREATE TABLE np (k INTEGER)');
    expect(fails('CREATE TABLE c (x INTEGER REFERENCES np)').sqlState).toBe(SqlState.InvalidForeignKey);
    db.execute(
      'CREATE TABLE c (x INTEGER REFERENCES p ON DELETE RESTRICT, y VARCHAR(3) REFERENCES p (code) ON UPDATE NO ACTION)',
    );
    db.execute("INSERT INTO c VALUES (1, 'b')");
    expect(fails("INSERT INTO c VALUES (3, 'a')").sqlState).toBe(SqlState.ForeignKeyViolation);
    expect(fails("INSERT INTO c VALUES (1, 'z')").sqlState).toBe(SqlState.ForeignKeyViolation);
    expect(fails('DELETE FROM p WHERE id = 1').sqlState).toBe(SqlState.ForeignKeyViolation);
    expect(fails("UPDATE p SET code = 'q' WHERE id = 2").sqlState).toBe(SqlState.ForeignKeyViolation);
    expect(fails('DROP TABLE p').sqlState).toBe(SqlState.DependentObjectsStillExist);
    expect(fails('DELETE FROM p WHERE id = 2').sqlState).toBe(SqlState.ForeignKeyViolation);
    db.execute('DELETE FROM c');
    db.execute('DELETE FROM p WHERE id = 2');
    expect(rows('SELECT id FROM p')).toEqual([[1]]);
  });

  test('a foreign key to columns in another order than the unique key', () => {
    db.execute('CREATE TABLE p (a INTEGER, b VARCHAR(5), PRIMARY KEY (a, b))');
    db.execute("INSERT INTO p VALUES (1, 'x')");
    db.execute('CREATE TABLE c (cb VARCHAR(5), ca INTEGER, FOREIGN KEY (cb, ca) REFERENCES p (b, a))');
    db.execute("INSERT INTO c VALUES ('x', 1)");
    expect(fails("INSERT INTO c VALUES ('y', 1)").sqlState).toBe(SqlState.ForeignKeyViolation);
  });
});

describe('CREATE TABLE … AS', () => {
  test('a parameter of the query is bound once, the types come along, and the result counts the rows', () => {
    db.execute('CREATE TABLE src (id INTEGER PRIMARY KEY, name VARCHAR(5))');
    db.execute("INSERT INTO src VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const r = db.execute('CREATE TABLE some AS SELECT id, name FROM src WHERE id >= ?', [2]);
    expect(r.rowsAffected).toBe(2);
    expect(rows('SELECT id, name FROM some ORDER BY id')).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(db.execute('SELECT * FROM some').declaredTypes).toEqual(['INTEGER', 'VARCHAR(5)']);
    expect(fails('CREATE TABLE more AS SELECT id FROM src WHERE id = ?', []).sqlState).toBe(SqlState.WrongParameterCount);
    expect(fails('SELECT * FROM more').sqlState).toBe(SqlState.UndefinedTable);
  });
});

describe('DROP and indexes', () => {
  test('DROP TABLE and DROP INDEX', () => {
    expect(fails('DROP TABLE nosuch').sqlState).toBe(SqlState.UndefinedTable);
    db.execute('DROP TABLE IF EXISTS nosuch');
    db.execute('CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER)');
    db.execute('INSERT INTO t VALUES (1, 1), (2, 1)');
    expect(fails('CREATE UNIQUE INDEX tb ON t (b)').sqlState).toBe(SqlState.UniqueViolation);
    db.execute('CREATE INDEX tb ON t (b DESC)');
    expect(fails('CREATE INDEX tb ON t (a)').sqlState).toBe(SqlState.DuplicateObject);
    expect(fails('CREATE INDEX tc ON t (a, a)').sqlState).toBe(SqlState.DuplicateColumn);
    expect(fails('CREATE INDEX tc ON nosuch (a)').sqlState).toBe(SqlState.UndefinedTable);
    expect(fails('DROP INDEX T_PKEY').sqlState).toBe(SqlState.DependentObjectsStillExist);
    expect(fails('DROP INDEX nosuch').sqlState).toBe(SqlState.UndefinedObject);
    db.execute('DROP INDEX IF EXISTS nosuch');
    db.execute('DROP INDEX tb');
    db.execute('CREATE INDEX tb ON t (b)');
    db.execute('DROP TABLE t');
    expect(fails('SELECT * FROM t').sqlState).toBe(SqlState.UndefinedTable);
    db.execute('CREATE TABLE t (z INTEGER)');
    db.execute('CREATE INDEX tb ON t (z)');
  });

  test('DDL inside a transaction is undone by ROLLBACK', () => {
    db.execute('BEGIN');
    db.execute('CREATE TABLE t (a INTEGER)');
    db.execute('INSERT INTO t VALUES (1)');
    expect(rows('SELECT a FROM t')).toEqual([[1]]);
    db.execute('ROLLBACK');
    expect(fails('SELECT a FROM t').sqlState).toBe(SqlState.UndefinedTable);
  });
});

describe('ALTER TABLE', () => {
  beforeEach(() => {
    db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
    db.execute('INSERT INTO t VALUES (1, 10), (2, NULL)');
  });

  test('ADD COLUMN gives existing rows the default', () => {
    db.execute("ALTER TABLE t ADD COLUMN s VARCHAR(3) DEFAULT 'x'");
    db.execute('ALTER TABLE t ADD COLUMN n INTEGER');
    db.execute('ALTER TABLE t ADD k INTEGER NOT NULL DEFAULT 5');
    expect(rows('SELECT id, s, n, k FROM t ORDER BY id')).toEqual([
      [1, 'x', null, 5],
      [2, 'x', null, 5],
    ]);
    expect(fails('ALTER TABLE t ADD COLUMN m INTEGER NOT NULL').sqlState).toBe(SqlState.NotNullViolation);
    expect(fails('ALTER TABLE t ADD COLUMN m INTEGER NOT NULL DEFAULT NULL').sqlState).toBe(SqlState.NotNullViolation);
    expect(fails('ALTER TABLE t ADD COLUMN v INTEGER').sqlState).toBe(SqlState.DuplicateColumn);
    expect(fails('ALTER TABLE t ADD COLUMN u INTEGER UNIQUE DEFAULT 1').sqlState).toBe(SqlState.UniqueViolation);
    expect(fails('ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 0 CHECK (c > 0)').sqlState).toBe(SqlState.CheckViolation);
    expect(fails('ALTER TABLE t ADD COLUMN p INTEGER PRIMARY KEY').sqlState).toBe(SqlState.InvalidTableDefinition);
    expect(fails('ALTER TABLE nosuch ADD COLUMN p INTEGER').sqlState).toBe(SqlState.UndefinedTable);
    expect(db.execute('SELECT * FROM t').columns).toEqual(['ID', 'V', 'S', 'N', 'K']);
  });

  test('DROP COLUMN refuses dependent keys, indexes and checks', () => {
    db.execute('ALTER TABLE t ADD COLUMN w INTEGER CHECK (w > 0)');
    db.execute('ALTER TABLE t ADD COLUMN x INTEGER');
    db.execute('ALTER TABLE t ADD CONSTRAINT xw CHECK (x > v)');
    db.execute('CREATE INDEX tv ON t (v)');
    expect(fails('ALTER TABLE t DROP COLUMN id').sqlState).toBe(SqlState.DependentObjectsStillExist);
    expect(fails('ALTER TABLE t DROP COLUMN v').sqlState).toBe(SqlState.DependentObjectsStillExist);
    expect(fails('ALTER TABLE t DROP COLUMN x').sqlState).toBe(SqlState.DependentObjectsStillExist);
    expect(fails('ALTER TABLE t DROP COLUMN nosuch').sqlState).toBe(SqlState.UndefinedColumn);
    db.execute('ALTER TABLE t DROP COLUMN w');
    db.execute('ALTER TABLE t DROP CONSTRAINT xw');
    db.execute('ALTER TABLE t DROP COLUMN x');
    db.execute('DROP INDEX tv');
    db.execute('ALTER TABLE t DROP COLUMN v');
    expect(db.execute('SELECT * FROM t').columns).toEqual(['ID']);
    expect(fails('ALTER TABLE t DROP COLUMN id').sqlState).toBe(SqlState.DependentObjectsStillExist);
    db.execute('ALTER TABLE t DROP CONSTRAINT t_pkey');
    expect(fails('ALTER TABLE t DROP COLUMN id').sqlState).toBe(SqlState.InvalidTableDefinition);
  });

  test('ADD/DROP CONSTRAINT', () => {
    expect(fails('ALTER TABLE t ADD PRIMARY KEY (v)').sqlState).toBe(SqlState.InvalidTableDefinition);
    expect(fails('ALTER TABLE t ADD CONSTRAINT big CHECK (v > 10)').sqlState).toBe(SqlState.CheckViolation);
    db.execute('ALTER TABLE t ADD CONSTRAINT big CHECK (v >= 10)');
    expect(fails('ALTER TABLE t ADD CONSTRAINT big UNIQUE (v)').sqlState).toBe(SqlState.DuplicateObject);
    expect(fails('ALTER TABLE t DROP CONSTRAINT nosuch').sqlState).toBe(SqlState.UndefinedObject);
    db.execute('ALTER TABLE t DROP CONSTRAINT big');
    db.execute('ALTER TABLE t DROP CONSTRAINT t_pkey');
    db.execute('INSERT INTO t VALUES (1, 0)');
    expect(fails('ALTER TABLE t ADD PRIMARY KEY (id)').sqlState).toBe(SqlState.UniqueViolation);
    expect(fails('ALTER TABLE t ADD PRIMARY KEY (v)').sqlState).toBe(SqlState.NotNullViolation);
    db.execute('DELETE FROM t WHERE v = 0');
    db.execute('ALTER TABLE t ADD CONSTRAINT pk2 PRIMARY KEY (id)');
    expect(fails('INSERT INTO t VALUES (2, 3)').sqlState).toBe(SqlState.UniqueViolation);
  });

  test('ALTER COLUMN SET/DROP DEFAULT and NOT NULL', () => {
    db.execute('ALTER TABLE t ALTER COLUMN v SET DEFAULT 7');
    db.execute('INSERT INTO t (id) VALUES (3)');
    expect(rows('SELECT v FROM t WHERE id = 3')).toEqual([[7]]);
    expect(fails('ALTER TABLE t ALTER COLUMN v SET DEFAULT id').sqlState).toBe(SqlState.InvalidColumnReference);
    db.execute('ALTER TABLE t ALTER COLUMN v DROP DEFAULT');
    db.execute('INSERT INTO t (id) VALUES (4)');
    expect(rows('SELECT v FROM t WHERE id = 4')).toEqual([[null]]);
    expect(fails('ALTER TABLE t ALTER COLUMN v SET NOT NULL').sqlState).toBe(SqlState.NotNullViolation);
    db.execute('DELETE FROM t WHERE v IS NULL');
    db.execute('ALTER TABLE t ALTER COLUMN v SET NOT NULL');
    expect(fails('INSERT INTO t (id) VALUES (5)').sqlState).toBe(SqlState.NotNullViolation);
    db.execute('ALTER TABLE t ALTER COLUMN v DROP NOT NULL');
    db.execute('INSERT INTO t (id) VALUES (5)');
    expect(fails('ALTER TABLE t ALTER COLUMN id DROP NOT NULL').sqlState).toBe(SqlState.InvalidTableDefinition);
    expect(fails('ALTER TABLE t ALTER COLUMN nosuch SET NOT NULL').sqlState).toBe(SqlState.UndefinedColumn);
  });
});
