/** src/cli/table-format.test.ts — boxed tables, value rendering and the error caret. */
import { Decimal } from '../common/values/value';
import { caretLines, displayWidth, renderCell, renderTable } from './table-format';

describe('renderTable', () => {
  it('draws a box sized to the widest cell, numbers right-aligned', () => {
    const text = renderTable({ columns: ['ID', 'NAME'], types: ['INTEGER', 'CHAR'], rows: [[1, 'apple'], [22, null]] });
    expect(text.split('\n')).toEqual([
      '┌────┬───────┐',
      '│ ID │ NAME  │',
      '├────┼───────┤',
      '│  1 │ apple │',
      '│ 22 │ NULL  │',
      '└────┴───────┘',
      '(2 rows)',
    ]);
  });
});

describe('renderCell', () => {
  it('renders SQL values exactly', () => {
    expect(renderCell(12345678901234567890123456789n, 'INTEGER')).toBe('12345678901234567890123456789');
    expect(renderCell(new Decimal('1.25'), 'NUMERIC')).toBe('1.25');
    expect(renderCell(2, 'REAL')).toBe('2.0');
    expect(renderCell(true, 'BOOLEAN')).toBe('TRUE');
    expect(renderCell(new Date(Date.UTC(2024, 1, 29)), 'DATE')).toBe('2024-02-29');
    expect(renderCell(new Date(Date.UTC(2024, 1, 29, 13, 5, 9)), 'TIMESTAMP')).toBe('2024-02-29 13:05:09');
    const early = new Date(Date.UTC(2000, 2, 1));
    early.setUTCFullYear(99);
    expect(renderCell(early, 'DATE')).toBe('0099-03-01');
  });

  it('prints a NUMERIC with the scale of its declared type, as psql does', () => {
    expect(renderCell(new Decimal('0.5'), 'NUMERIC', 'NUMERIC(6,2)')).toBe('0.50');
    expect(renderCell(new Decimal('12'), 'NUMERIC', 'DECIMAL(5)')).toBe('12');
    expect(renderCell(new Decimal('1.005'), 'NUMERIC', 'NUMERIC(1000,2)')).toBe('1.01');
    expect(renderCell(new Decimal('0.5'), 'NUMERIC', 'NUMERIC')).toBe('0.5');
    const text = renderTable({ columns: ['P'], types: ['NUMERIC'], declaredTypes: ['NUMERIC(6,2)'], rows: [[new Decimal('0.5')], [new Decimal('10')]] });
    expect(text.split('\n').slice(3, 5)).toEqual(['│  0.50 │', '│ 10.00 │']);
  });

  it('keeps the box whole for control characters and wide text', () => {
    const lines = renderTable({ columns: ['X'], types: ['CHAR'], rows: [['a\nb\tc'], ['日本']] }).split('\n');
    expect(lines[3]).toBe('│ a\\nb\\tc │');
    expect(lines[4]).toBe('│ 日本    │');
    expect(displayWidth('日本')).toBe(4);
  });
});

describe('caretLines', () => {
  it('points at the position on its own line', () => {
    expect(caretLines('select *\nform t', 9)).toEqual(['form t', '^']);
    expect(caretLines('select * form t', 9)).toEqual(['select * form t', '         ^']);
    expect(caretLines('select\tnosuch', 7)).toEqual(['select\tnosuch', '      \t^']);
    expect(caretLines("select '日本', nosuch", 13)).toEqual(["select '日本', nosuch", '               ^']);
  });
});
