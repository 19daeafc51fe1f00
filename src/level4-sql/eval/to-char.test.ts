/** src/level4-sql/eval/to-char.test.ts — to-char.ts's templates, against the examples PostgreSQL's documentation gives. */
import { Decimal } from '../../common/values/value';
import { formatDate, formatNumber, parseDateWith } from './to-char';

test.each<[number | string, string, string]>([
  [-0.1, '99.99', '  -.10'],
  [-0.1, 'FM9.99', '-.1'],
  [-0.1, 'FM90.99', '-0.1'],
  [0.1, '0.9', ' 0.1'],
  [12, '9990999.9', '    0012.0'],
  [12, 'FM9990999.9', '0012.'],
  [485, '999', ' 485'],
  [-485, '999', '-485'],
  [1485, '9,999', ' 1,485'],
  [148.5, '999.999', ' 148.500'],
  [148.5, 'FM999.999', '148.5'],
  [148.5, 'FM999.990', '148.500'],
  [-485, '999S', '485-'],
  [-485, '999MI', '485-'],
  [485, '999MI', '485 '],
  [485, 'FM999MI', '485'],
  [485, 'S999', '+485'],
  [-485, 'S999', '-485'],
  [-485, '999PR', '<485>'],
  [12345, '999', ' ###'],
  ['1234.565', '9999.99', ' 1234.57'],
])('TO_CHAR(%s, %s) = %j', (x, format, want) => {
  expect(formatNumber(typeof x === 'string' ? new Decimal(x) : x, format)).toBe(want);
});

test('dates: numbers, names in the pattern\'s case padded to nine unless FM, quoted text, AM/PM', () => {
  const d = new Date(Date.UTC(2024, 2, 5, 14, 7, 9, 250));
  expect(formatDate(d, 'YYYY-MM-DD HH24:MI:SS.MS')).toBe('2024-03-05 14:07:09.250');
  expect(formatDate(d, 'Day, DD Month YYYY HH12:MI AM')).toBe('Tuesday  , 05 March     2024 02:07 PM');
  expect(formatDate(d, 'FMDay FMMonth FMDD, YYYY "Q"Q DDD IW D ID Dy mon MON')).toBe('Tuesday March 5, 2024 Q1 065 10 3 2 Tue mar MAR');
  expect(formatDate(new Date(Date.UTC(2021, 0, 1)), 'IW WW J')).toBe('53 01 2459216');
  expect(formatDate(d, '\\"YYYY\\" a.m.')).toBe('"2024" p.m.');
});

test('TO_DATE reads what TO_CHAR writes, and refuses what does not fit (22007)', () => {
  const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
  expect(parseDateWith('2024-03-05', 'YYYY-MM-DD')).toEqual(day(2024, 3, 5));
  expect(parseDateWith('05 Mar 2024', 'DD Mon YYYY')).toEqual(day(2024, 3, 5));
  expect(parseDateWith('march 5, 2024', 'Month DD, YYYY')).toEqual(day(2024, 3, 5));
  expect(parseDateWith('2024 065', 'YYYY DDD')).toEqual(day(2024, 3, 5));
  for (const [text, format] of [['2024-02-30', 'YYYY-MM-DD'], ['abc', 'YYYY'], ['2024-03-05x', 'YYYY-MM-DD'], ['2024 Foo 1', 'YYYY Mon DD']]) {
    expect(() => parseDateWith(text!, format!)).toThrow(expect.objectContaining({ sqlState: '22007' }));
  }
});
