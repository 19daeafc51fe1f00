/**
 * grammar/visitor/ddl.test.ts — CREATE / DROP TABLE and INDEX, ALTER TABLE, and keywords as names.
 */
import { parseExpression, parseStatement, type AlterTable, type CreateTable } from '../index';
import { KEYWORD_RESERVED } from '../tokens/keywords.generated';

function create(text: string): CreateTable {
  const s = parseStatement(text);
  if (s.kind !== 'CreateTable') throw new Error(`not CREATE TABLE: ${s.kind}`);
  return s;
}

function alter(text: string): AlterTable['action'] {
  const s = parseStatement(text);
  if (s.kind !== 'AlterTable') throw new Error(`not ALTER TABLE: ${s.kind}`);
  return s.action;
}

describe('CREATE TABLE', () => {
  test('types with their parameters', () => {
    const t = create(
      'CREATE TABLE t (a INTEGER, b INT, c SMALLINT, d BIGINT, e NUMERIC(7,2), f DECIMAL(5), g DEC, h REAL, i FLOAT, ' +
        'j FLOAT(24), k DOUBLE, l DOUBLE PRECISION, m CHAR(3), n CHARACTER, o CHARACTER VARYING(9), p CHAR VARYING, ' +
        'q VARCHAR(20), r TEXT, s STRING(5), u BOOLEAN, v DATE, w TIME, x TIMESTAMP, y BLOB, z DOCUMENT, ' +
        'zz DOCARRAY)',
    );
    expect(t.columns.map((c) => `${c.name} ${c.type.name}${c.type.params.length ? `(${c.type.params})` : ''}`)).toEqual([
      'A INTEGER',
      'B INT',
      'C SMALLINT',
      'D BIGINT',
      'E NUMERIC(7,2)',
      'F DECIMAL(5)',
      'G DEC',
      'H REAL',
      'I FLOAT',
      'J FLOAT(24)',
      'K DOUBLE',
      'L DOUBLE PRECISION',
      'M CHAR(3)',
      'N CHARACTER',
      'O CHARACTER VARYING(9)',
      'P CHAR VARYING',
      'Q VARCHAR(20)',
      'R TEXT',
      'S STRING(5)',
      'U BOOLEAN',
      'V DATE',
      'W TIME',
      'X TIMESTAMP',
      'Y BLOB',
      'Z DOCUMENT',
      'ZZ DOCARRAY',
    ]);
  });

  test('column constraints in the order written, with names and positions', () => {
    const text =
      "CREATE TABLE IF NOT EXISTS t (id INT CONSTRAINT pk PRIMARY KEY, k TEXT NOT NULL UNIQUE DEFAULT 'x' NULL, " +
      'v NUMERIC CHECK (v > 0), p INT REFERENCES q (a) ON DELETE CASCADE ON UPDATE SET DEFAULT)';
    const t = create(text);
    expect(t.ifNotExists).toBe(true);
    const kinds = t.columns.map((c) => c.constraints.map((k) => `${k.kind}${k.name ? `:${k.name}` : ''}`));
    expect(kinds).toEqual([['PrimaryKey:PK'], ['NotNull', 'Unique', 'Default', 'Null'], ['Check'], ['ColumnReferences']]);
    expect(t.columns[0]!.constraints[0]!.position).toBe(text.indexOf('CONSTRAINT pk'));
    const ref = t.columns[3]!.constraints[0]!;
    expect(ref).toMatchObject({
      references: { table: 'Q', columns: ['A'], onDelete: 'CASCADE', onUpdate: 'SET DEFAULT' },
    });
  });

  test('every referential action', () => {
    const actions = ['RESTRICT', 'NO ACTION', 'CASCADE', 'SET NULL', 'SET DEFAULT'];
    for (const action of actions) {
      const t = create(`CREATE TABLE t (a INT REFERENCES u ON UPDATE ${action})`);
      expect(t.columns[0]!.constraints[0]).toMatchObject({
        references: { onUpdate: action, onDelete: null, columns: null },
      });
    }
  });

  test('ON DELETE twice is a syntax error at the second', () => {
    const text = 'CREATE TABLE t (a INT REFERENCES u ON DELETE CASCADE ON DELETE RESTRICT)';
    const position = text.lastIndexOf('ON');
    expect(() => parseStatement(text)).toThrow(expect.objectContaining({ sqlState: '42601', position }));
  });

  test('table constraints', () => {
    const t = create(
      'CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b), CONSTRAINT u UNIQUE (b), CHECK (a < b), ' +
        'CONSTRAINT fk FOREIGN KEY (b) REFERENCES p (x) ON DELETE SET NULL)',
    );
    expect(t.constraints.map((c) => [c.kind, c.name, 'columns' in c ? c.columns : null])).toEqual([
      ['PrimaryKeyConstraint', null, ['A', 'B']],
      ['UniqueConstraint', 'U', ['B']],
      ['CheckConstraint', null, null],
      ['ForeignKeyConstraint', 'FK', ['B']],
    ]);
    expect(t.constraints[3]).toMatchObject({ references: { table: 'P', columns: ['X'], onDelete: 'SET NULL' } });
  });

  test('key lists: plain columns have no key path, document paths keep their steps as written', () => {
    const t = create(
      'CREATE TABLE t (g INT, h DOCUMENT, PRIMARY KEY (g, h.i AS INT), ' +
        'CONSTRAINT u UNIQUE (h.Addr."Zip Code".0, g AS BIGINT), FOREIGN KEY (g) REFERENCES p)',
    );
    expect(t.constraints[0]).toEqual({
      kind: 'PrimaryKeyConstraint',
      name: null,
      columns: ['G', 'H'],
      keyPaths: [
        null,
        {
          steps: [{ text: 'i', quoted: false }],
          type: { kind: 'TypeName', name: 'INT', params: [], position: 58, end: 61 },
        },
      ],
      position: 35,
      end: 62,
    });
    expect(t.constraints[1]).toMatchObject({
      kind: 'UniqueConstraint',
      name: 'U',
      columns: ['H', 'G'],
      keyPaths: [
        {
          steps: [
            { text: 'Addr', quoted: false },
            { text: 'Zip Code', quoted: true },
            { text: '0', quoted: false },
          ],
          type: null,
        },
        { steps: [], type: { name: 'BIGINT' } },
      ],
    });
    expect(t.constraints[2]).toMatchObject({ kind: 'ForeignKeyConstraint', columns: ['G'] });
    expect(t.constraints[2]).not.toHaveProperty('keyPaths');
    expect(alter('ALTER TABLE t ADD UNIQUE (doc.a.b)')).toMatchObject({
      constraint: { columns: ['DOC'], keyPaths: [{ steps: [{ text: 'a' }, { text: 'b' }], type: null }] },
    });
  });

  test('DEFAULT and CHECK text can be sliced out and parsed again', () => {
    const text = "CREATE TABLE t (a INT DEFAULT (1 + 2) * 3 NOT NULL, b TEXT DEFAULT 'it''s', CHECK (a BETWEEN 0 AND 10))";
    const t = create(text);
    const stored = [t.columns[0]!.constraints[0]!, t.columns[1]!.constraints[0]!, t.constraints[0]!].map((c) => {
      if (c.kind !== 'Default' && c.kind !== 'CheckConstraint') throw new Error('shape');
      return text.slice(c.expr.position, c.expr.end);
    });
    expect(stored).toEqual(['(1 + 2) * 3', "'it''s'", 'a BETWEEN 0 AND 10']);
    expect(parseExpression(stored[0]!)).toMatchObject({ kind: 'Binary', op: '*', left: { kind: 'Binary', op: '+' } });
    expect(parseExpression(stored[1]!)).toMatchObject({ value: { value: "it's" } });
  });

  test('GENERATED ALWAYS AS expression [STORED], with other constraints after it', () => {
    const text = 'CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED NOT NULL, c INT CONSTRAINT g GENERATED ALWAYS AS a + 1)';
    const t = create(text);
    const [b0, b1] = t.columns[1]!.constraints;
    expect(b0).toMatchObject({ kind: 'Generated', name: null, expr: { kind: 'Binary', op: '*' } });
    expect(b1).toMatchObject({ kind: 'NotNull' });
    if (b0?.kind !== 'Generated') throw new Error('shape');
    expect(text.slice(b0.expr.position, b0.expr.end)).toBe('(a * 2)');
    expect(t.columns[2]!.constraints).toMatchObject([{ kind: 'Generated', name: 'G', expr: { kind: 'Binary', op: '+' } }]);
    // GENERATED, ALWAYS and STORED stay names elsewhere
    expect(create('CREATE TABLE generated (always INT, stored INT)').columns.map((c) => c.name)).toEqual(['ALWAYS', 'STORED']);
  });

  test('spans and the sqllogictest shapes', () => {
    const text = 'CREATE TABLE t1( x INTEGER PRIMARY KEY, y VARCHAR(16) )';
    const t = create(text);
    expect([t.position, t.end]).toEqual([0, text.length]);
    expect(text.slice(t.columns[1]!.position, t.columns[1]!.end)).toBe('y VARCHAR(16)');
    expect(text.slice(t.columns[1]!.type.position, t.columns[1]!.type.end)).toBe('VARCHAR(16)');
  });
});

describe('indexes and DROP', () => {
  test('CREATE [UNIQUE] INDEX [IF NOT EXISTS]', () => {
    const text = 'CREATE UNIQUE INDEX IF NOT EXISTS i ON s.t (a DESC, b ASC, c)';
    expect(parseStatement(text)).toMatchObject({
      kind: 'CreateIndex',
      name: 'I',
      table: 'S.T',
      unique: true,
      ifNotExists: true,
      columns: [
        { name: 'A', descending: true, position: text.indexOf('a DESC') },
        { name: 'B', descending: false },
        { name: 'C', descending: false },
      ],
    });
    expect(parseStatement('CREATE INDEX t1i1 ON t1(x)')).toMatchObject({
      unique: false,
      ifNotExists: false,
      keyPaths: [null],
    });
  });

  test('CREATE INDEX on document paths, with AS type and ASC / DESC', () => {
    const text = 'CREATE INDEX i ON t (doc.address.zip, doc.age AS INT DESC, doc.tags.0 ASC, c)';
    expect(parseStatement(text)).toMatchObject({
      kind: 'CreateIndex',
      columns: [
        { name: 'DOC', descending: false, position: text.indexOf('doc.address') },
        { name: 'DOC', descending: true, position: text.indexOf('doc.age') },
        { name: 'DOC', descending: false },
        { name: 'C', descending: false },
      ],
      keyPaths: [
        { steps: [{ text: 'address', quoted: false }, { text: 'zip', quoted: false }], type: null },
        { steps: [{ text: 'age', quoted: false }], type: { kind: 'TypeName', name: 'INT' } },
        { steps: [{ text: 'tags', quoted: false }, { text: '0', quoted: false }], type: null },
        null,
      ],
    });
  });

  test('a key path is a dotted name: no expressions, no empty or numeric-first parts', () => {
    for (const bad of [
      'CREATE INDEX i ON t (doc.a + 1)',
      'CREATE INDEX i ON t (doc.)',
      'CREATE INDEX i ON t (doc 1.5)',
      'CREATE INDEX i ON t (doc.a AS)',
      'CREATE TABLE t (d DOCUMENT, PRIMARY KEY (d.a AS 1))',
    ]) {
      expect(() => parseStatement(bad)).toThrow(expect.objectContaining({ sqlState: '42601' }));
    }
  });

  test('DROP TABLE / DROP INDEX [IF EXISTS]', () => {
    const dropTable = { kind: 'DropTable', name: 'T1', more: [], ifExists: true, behavior: null, position: 0, end: 23 };
    expect(parseStatement('DROP TABLE IF EXISTS t1')).toEqual(dropTable);
    expect(parseStatement('DROP TABLE t')).toMatchObject({ ifExists: false });
    const dropIndex = { kind: 'DropIndex', name: 'T1I1', ifExists: false, position: 0, end: 15 };
    expect(parseStatement('DROP INDEX t1i1;')).toEqual(dropIndex);
    expect(parseStatement('drop index if exists "I"')).toMatchObject({ name: 'I', ifExists: true });
  });

  test('DROP TABLE … CASCADE | RESTRICT and Pyrrho\'s DROP name', () => {
    expect(parseStatement('DROP TABLE t CASCADE')).toMatchObject({ kind: 'DropTable', behavior: 'CASCADE' });
    expect(parseStatement('drop table if exists t restrict')).toMatchObject({ ifExists: true, behavior: 'RESTRICT' });
    expect(parseStatement('DROP t')).toEqual({ kind: 'DropObject', name: 'T', behavior: null, position: 0, end: 6 });
    expect(parseStatement('drop "x" cascade')).toMatchObject({ kind: 'DropObject', name: 'x', behavior: 'CASCADE' });
    // the object-kind words keep their statements; other non-reserved words are names
    expect(parseStatement('DROP INDEX key')).toMatchObject({ kind: 'DropIndex', name: 'KEY' });
    expect(parseStatement('DROP key')).toMatchObject({ kind: 'DropObject', name: 'KEY' });
    expect(parseStatement('DROP cascade restrict')).toMatchObject({ kind: 'DropObject', name: 'CASCADE', behavior: 'RESTRICT' });
    for (const bad of ['DROP', 'DROP INDEX', 'DROP t CASCADE RESTRICT', 'DROP t, u', 'DROP TABLE t CASCADE CASCADE']) {
      expect(() => parseStatement(bad)).toThrow(expect.objectContaining({ sqlState: '42601' }));
    }
  });

  test('IF is only a keyword before NOT EXISTS / EXISTS', () => {
    expect(parseStatement('CREATE TABLE if (a INT)')).toMatchObject({ name: 'IF', ifNotExists: false });
    expect(parseStatement('DROP TABLE if')).toMatchObject({ name: 'IF', ifExists: false });
  });
});

describe('ALTER TABLE', () => {
  test.each([
    [
      'ALTER TABLE t ADD COLUMN c INT DEFAULT 0 NOT NULL',
      { kind: 'AddColumn', column: { name: 'C', constraints: [{ kind: 'Default' }, { kind: 'NotNull' }] } },
    ],
    ['ALTER TABLE t ADD c VARCHAR(3)', { kind: 'AddColumn', column: { name: 'C', type: { name: 'VARCHAR', params: [3] } } }],
    ['ALTER TABLE t DROP COLUMN c', { kind: 'DropColumn', name: 'C' }],
    ['ALTER TABLE t DROP c', { kind: 'DropColumn', name: 'C' }],
    ['ALTER TABLE t ADD CONSTRAINT u UNIQUE (a, b)', { kind: 'AddConstraint', constraint: { kind: 'UniqueConstraint' } }],
    ['ALTER TABLE t ADD PRIMARY KEY (a)', { kind: 'AddConstraint', constraint: { kind: 'PrimaryKeyConstraint' } }],
    ['ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u', { kind: 'AddConstraint', constraint: { kind: 'ForeignKeyConstraint' } }],
    ['ALTER TABLE t ADD CHECK (a > 0)', { kind: 'AddConstraint', constraint: { kind: 'CheckConstraint' } }],
    ['ALTER TABLE t DROP CONSTRAINT u', { kind: 'DropConstraint', name: 'U' }],
    ['ALTER TABLE t DROP PRIMARY KEY', { kind: 'DropPrimaryKey', columns: null }],
    ['ALTER TABLE t DROP PRIMARY KEY (a, "b")', { kind: 'DropPrimaryKey', columns: ['A', 'b'] }],
    [
      'ALTER TABLE t SET (a, b) REFERENCES u (k, l) ON DELETE RESTRICT',
      {
        kind: 'AddConstraint',
        constraint: {
          kind: 'ForeignKeyConstraint',
          name: null,
          columns: ['A', 'B'],
          references: { table: 'U', columns: ['K', 'L'], onDelete: 'RESTRICT', onUpdate: null },
        },
      },
    ],
    ['ALTER TABLE t ALTER COLUMN c SET DEFAULT 1 + 1', { kind: 'SetDefault', column: 'C', expr: { kind: 'Binary' } }],
    ['ALTER TABLE t ALTER c DROP DEFAULT', { kind: 'DropDefault', column: 'C' }],
    ['ALTER TABLE t ALTER c SET NOT NULL', { kind: 'SetNotNull', column: 'C' }],
    ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL', { kind: 'DropNotNull', column: 'C' }],
    ['ALTER TABLE t ALTER COLUMN c SET DATA TYPE VARCHAR(30)', { kind: 'SetType', column: 'C', type: { name: 'VARCHAR', params: [30] } }],
    ['ALTER TABLE t ALTER c TYPE NUMERIC(6,2)', { kind: 'SetType', column: 'C', type: { name: 'NUMERIC', params: [6, 2] } }],
    ['ALTER TABLE t RENAME TO "New"', { kind: 'RenameTable', name: 'New' }],
    ['ALTER TABLE t RENAME COLUMN c TO d', { kind: 'RenameColumn', column: 'C', name: 'D' }],
    ['ALTER TABLE t RENAME c TO d', { kind: 'RenameColumn', column: 'C', name: 'D' }],
    ['ALTER TABLE t RENAME CONSTRAINT k TO k2', { kind: 'RenameConstraint', constraint: 'K', name: 'K2' }],
    // TO is non-reserved: the column form needs a name after its TO (renameAction's GATE)
    ['ALTER TABLE t RENAME TO TO', { kind: 'RenameTable', name: 'TO' }],
    ['ALTER TABLE t RENAME TO TO x', { kind: 'RenameColumn', column: 'TO', name: 'X' }],
    ['ALTER TABLE t RENAME rename TO to', { kind: 'RenameColumn', column: 'RENAME', name: 'TO' }],
  ])('%s', (text, action) => {
    const a = alter(text);
    expect(a).toMatchObject(action);
    expect(a.position).toBe('ALTER TABLE t '.length);
  });
});

describe('TRUNCATE', () => {
  test('[TABLE] names … [CASCADE | RESTRICT]', () => {
    expect(parseStatement('TRUNCATE t')).toMatchObject({ kind: 'Truncate', tables: ['T'], behavior: null });
    expect(parseStatement('TRUNCATE TABLE a, "b" CASCADE')).toMatchObject({ kind: 'Truncate', tables: ['A', 'b'], behavior: 'CASCADE' });
    expect(parseStatement('TRUNCATE a RESTRICT')).toMatchObject({ behavior: 'RESTRICT' });
    expect(() => parseStatement('TRUNCATE TABLE')).toThrow(/syntax error/);
  });
});

describe('ALTER INDEX', () => {
  test('RENAME TO, with the names folded; anything else is a syntax error', () => {
    expect(parseStatement('ALTER INDEX t_name RENAME TO "ByName"')).toMatchObject({ kind: 'AlterIndex', name: 'T_NAME', newName: 'ByName', position: 0 });
    expect(() => parseStatement('ALTER INDEX i RENAME j')).toThrow(/syntax error at or near "j"/);
    expect(() => parseStatement('ALTER INDEX i DROP')).toThrow(/syntax error at or near "DROP"/);
  });
});

describe('keywords as names', () => {
  const nonReserved = [...KEYWORD_RESERVED].filter(([, reserved]) => !reserved).map(([word]) => word);
  const reserved = [...KEYWORD_RESERVED].filter(([, r]) => r).map(([word]) => word);

  test('every non-reserved keyword works as a table, column, alias and index name', () => {
    for (const word of nonReserved) {
      const w = word.toLowerCase();
      expect(create(`CREATE TABLE ${w} (${w} INT, x ${w === 'int' ? 'TEXT' : 'INT'})`)).toMatchObject({ name: word });
      const select = `SELECT ${w}, t.${w} AS ${w} FROM ${w} t WHERE ${w} = 1 ORDER BY ${w}`;
      expect(parseStatement(select)).toMatchObject({ kind: 'Select' });
      expect(parseStatement(`CREATE INDEX ${w} ON t (${w})`)).toMatchObject({ name: word });
      expect(parseStatement(`UPDATE t SET ${w} = 1`)).toMatchObject({ assignments: [{ column: word }] });
    }
  });

  test('reserved keywords need quotes', () => {
    for (const word of reserved) {
      // NOT NULL after the type: `(LIKE INT)` alone is a LIKE of a table named INT
      expect(() => parseStatement(`CREATE TABLE t (${word} INT NOT NULL)`)).toThrow(expect.objectContaining({ sqlState: '42601' }));
      expect(create(`CREATE TABLE t ("${word}" INT)`).columns[0]!.name).toBe(word);
    }
  });
});

test('LIKE in CREATE TABLE: where it stands, and its options left to right', () => {
  expect(create('CREATE TABLE t (a INT, LIKE s INCLUDING ALL EXCLUDING INDEXES, b INT)').likes).toMatchObject([
    { kind: 'LikeTable', table: 'S', at: 1, include: { defaults: true, constraints: true, indexes: false, identity: true, generated: true } },
  ]);
  expect(create('CREATE TABLE t (LIKE s EXCLUDING ALL INCLUDING DEFAULTS)').likes[0]!.include).toEqual({ defaults: true, constraints: false, indexes: false, identity: false, generated: false });
  expect(() => parseStatement('CREATE TABLE t (LIKE s INCLUDING ROWS)')).toThrow(expect.objectContaining({ sqlState: '42601' }));
});
