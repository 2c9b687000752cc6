import { describe, expect, it } from 'vitest';
import { column, formatLabels, renderTable, row, type Table } from './table';

const table: Table = {
  columns: [
    column('Name', 'string', 'name'),
    column('Data', 'integer', 'count'),
    column('Extra', 'string', 'wide only', 1),
    column('Age', 'string', 'age'),
  ],
  rows: [
    row({ metadata: { name: 'kube-root-ca.crt' } }, ['kube-root-ca.crt', 1, 'x', '15d']),
    row({ metadata: { name: 'nginx' } }, ['nginx', 12, 'longer-extra', '2m4s']),
  ],
};

describe('renderTable', () => {
  it.each([
    {
      name: 'headers upper-cased, 3 spaces of padding, last column unpadded',
      options: { wide: false },
      text: [
        'NAME               DATA   AGE',
        'kube-root-ca.crt   1      15d',
        'nginx              12     2m4s',
        '',
      ],
    },
    {
      name: 'wide shows priority-1 columns in place',
      options: { wide: true },
      text: [
        'NAME               DATA   EXTRA          AGE',
        'kube-root-ca.crt   1      x              15d',
        'nginx              12     longer-extra   2m4s',
        '',
      ],
    },
    {
      name: 'no headers keeps the tabwriter minimum width of 6',
      options: { wide: false, noHeaders: true },
      text: ['kube-root-ca.crt   1     15d', 'nginx              12    2m4s', ''],
    },
  ])('$name', ({ options, text }) => {
    expect(renderTable(table, options)).toBe(text.join('\n'));
  });

  it('pads short columns to 6 even without headers', () => {
    const t: Table = {
      columns: [column('A', 'string', ''), column('B', 'string', '')],
      rows: [row({ metadata: {} }, ['x', 'y'])],
    };
    expect(renderTable(t, { wide: false, noHeaders: true })).toBe('x     y\n');
  });

  it('an empty list prints only the header; nothing at all without headers', () => {
    const empty: Table = { columns: table.columns, rows: [] };
    expect(renderTable(empty, { wide: false })).toBe('NAME   DATA   AGE\n');
    expect(renderTable(empty, { wide: false, noHeaders: true })).toBe('');
  });

  it('never leaves trailing spaces when the last cell is empty', () => {
    const t: Table = {
      columns: [column('Name', 'string', ''), column('Value', 'string', '')],
      rows: [row({ metadata: {} }, ['a', ''])],
    };
    expect(renderTable(t, { wide: false })).toBe('NAME   VALUE\na\n');
  });

  it('counts width in code points', () => {
    const t: Table = {
      columns: [column('Name', 'string', ''), column('Age', 'string', '')],
      rows: [row({ metadata: {} }, ['naïve-😀', '1s'])],
    };
    expect(renderTable(t, { wide: false })).toBe('NAME      AGE\nnaïve-😀   1s\n');
  });
});

describe('formatLabels', () => {
  it.each([
    { name: 'sorted by key', labels: { tier: 'web', app: 'nginx' }, text: 'app=nginx,tier=web' },
    { name: 'empty', labels: {}, text: '<none>' },
    { name: 'missing', labels: undefined, text: '<none>' },
  ])('$name', ({ labels, text }) => {
    expect(formatLabels(labels)).toBe(text);
  });
});
