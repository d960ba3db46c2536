/**
 * The data tables' column sizing as plain functions: fitting content into
 * the width a table has, the admin's widths and hidden columns, how they are
 * stored per user, and that measuring costs what the loaded pages cost,
 * never the whole list. (Canvas text measurement does not exist in Node;
 * the meter is given a measure with the same contract that counts its calls.)
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_COLUMN_WIDTH,
  NO_PREFS,
  clampWidth,
  fitColumns,
  mayHide,
  parsePrefs,
  visibleColumns,
  withHidden,
  withWidth,
  type ColumnDef,
} from '../../renderer/src/table/columns.ts';
import { createColumnPrefsStore, prefsKey } from '../../renderer/src/table/column-prefs.ts';
import { ContentMeter, type MeasureText, type TextStyle } from '../../renderer/src/table/measure.ts';

interface Person {
  name: string;
  email: string;
}

const columns: ColumnDef<Person>[] = [
  { id: 'name', label: 'Name', text: (row) => row.name, min: 100, max: 300 },
  { id: 'email', label: 'E-mail', text: (row) => row.email, min: 120, max: 400 },
  { id: 'role', label: 'Role', min: 80, max: 200 },
  { id: 'actions', label: 'Actions', min: 0, max: 0, fixed: 44 },
];

const sum = (widths: Record<string, number>) => Object.values(widths).reduce((total, width) => total + width, 0);

describe('fitColumns', () => {
  it('gives every column its content when there is room, and shares what is left over in proportion', () => {
    const widths = fitColumns(columns, { name: 150, email: 250, role: 100 }, NO_PREFS, 844);
    expect(sum(widths)).toBe(844);
    expect(widths.actions).toBe(44);
    for (const [id, content] of [
      ['name', 150],
      ['email', 250],
      ['role', 100],
    ] as const) {
      expect(widths[id]).toBeGreaterThanOrEqual(content);
    }
    // 300 px spare over 500 px of content: each column grows by 60 %.
    expect(widths.name).toBe(240);
    expect(widths.email).toBe(400);
    expect(widths.role).toBe(160);
  });

  it('cuts the widest columns first when the content does not fit, never below a minimum', () => {
    // 150 + 330 + 100 + 44 = 624 wanted, 500 available: only e-mail and name give way.
    const content = { name: 150, email: 330, role: 100 };
    const widths = fitColumns(columns, content, NO_PREFS, 500);
    expect(sum(widths)).toBe(500);
    expect(widths.role).toBe(content.role); // short columns stay whole
    expect(widths.email).toBeLessThan(content.email);
    expect(widths.name).toBe(150);
    expect(widths.email).toBe(500 - 44 - 100 - 150);

    // Far too narrow: everything at its minimum, the table scrolls sideways.
    const tight = fitColumns(columns, content, NO_PREFS, 200);
    expect(tight).toEqual({ name: 100, email: 120, role: 80, actions: 44 });
  });

  it('keeps the admin’s widths and fits the others around them', () => {
    const prefs = withWidth(NO_PREFS, 'email', 180);
    const widths = fitColumns(columns, { name: 150, email: 330, role: 100 }, prefs, 600);
    expect(widths.email).toBe(180);
    expect(sum(widths)).toBe(600);
    expect(widths.name! + widths.role!).toBe(600 - 180 - 44);
    // Forgetting the width fits the column to its content again.
    expect(fitColumns(columns, { name: 150, email: 330, role: 100 }, withWidth(prefs, 'email', null), 2000).email).toBe(
      fitColumns(columns, { name: 150, email: 330, role: 100 }, NO_PREFS, 2000).email,
    );
  });

  it('clamps content and stored widths to the column’s limits', () => {
    expect(fitColumns(columns, { name: 5000, email: 1, role: 0 }, NO_PREFS, 0)).toEqual({
      name: 300,
      email: 120,
      role: 80,
      actions: 44,
    });
    expect(clampWidth(columns[0]!, 20)).toBe(100);
    expect(clampWidth(columns[0]!, 99_999)).toBe(MAX_COLUMN_WIDTH);
  });

  it('never cuts a column that must not shrink: the table scrolls instead', () => {
    const matrix: ColumnDef<Person>[] = [
      { id: 'person', label: 'Person', min: 160, max: 360, shrink: false },
      { id: 'apiKeys', label: 'API Keys', min: 72, max: 170, shrink: false },
    ];
    expect(fitColumns(matrix, { person: 290, apiKeys: 100 }, NO_PREFS, 300)).toEqual({ person: 290, apiKeys: 100 });
  });
});

describe('hidden columns', () => {
  it('hides and shows columns, but never the last one that may be hidden, nor a fixed one', () => {
    let prefs = withHidden(NO_PREFS, 'email', true);
    expect(visibleColumns(columns, prefs).map((column) => column.id)).toEqual(['name', 'role', 'actions']);
    prefs = withHidden(prefs, 'role', true);
    expect(mayHide(columns, prefs, 'name')).toBe(false);
    expect(mayHide(columns, prefs, 'email')).toBe(true); // already hidden: showing it is always allowed
    // Prefs that hide everything anyway (edited by hand): the first column comes back.
    const all = withHidden(prefs, 'name', true);
    expect(visibleColumns(columns, all).map((column) => column.id)).toEqual(['name', 'actions']);
    expect(visibleColumns(columns, withHidden(NO_PREFS, 'actions', true)).map((column) => column.id)).toContain(
      'actions',
    );
    prefs = withHidden(prefs, 'email', false);
    expect(visibleColumns(columns, prefs).map((column) => column.id)).toEqual(['name', 'email', 'actions']);
  });
});

describe('stored column choices', () => {
  function memoryStorage() {
    const values = new Map<string, string>();
    return {
      values,
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
  }

  it('are kept per user and server, survive a new window, and tell listeners', () => {
    const storage = memoryStorage();
    const anna = prefsKey('https://safe.example.com', 'user-anna');
    const luca = prefsKey('https://safe.example.com', 'user-luca');
    const elsewhere = prefsKey('https://other.example.com', 'user-anna');
    const first = createColumnPrefsStore(storage);
    let told = 0;
    const stop = first.subscribe(() => (told += 1));
    first.set(anna, 'members', { widths: { email: 260 }, hidden: ['language'] });
    expect(told).toBe(1);
    stop();
    first.set(anna, 'members', first.get(anna, 'members'));
    expect(told).toBe(1);
    // The same object until it changes (what useSyncExternalStore needs).
    expect(first.get(anna, 'members')).toBe(first.get(anna, 'members'));

    const reopened = createColumnPrefsStore(storage);
    expect(reopened.get(anna, 'members')).toEqual({ widths: { email: 260 }, hidden: ['language'] });
    expect(reopened.get(anna, 'groupMembers')).toEqual(NO_PREFS);
    expect(reopened.get(luca, 'members')).toEqual(NO_PREFS);
    expect(reopened.get(elsewhere, 'members')).toEqual(NO_PREFS);
    expect([...storage.values.keys()]).toEqual([anna]);
  });

  it('read anything malformed as no choices, and survive a storage that refuses writes', () => {
    const storage = memoryStorage();
    const owner = prefsKey('https://safe.example.com', 'user-anna');
    storage.values.set(owner, '{not json');
    expect(createColumnPrefsStore(storage).get(owner, 'members')).toEqual(NO_PREFS);
    storage.values.set(
      owner,
      JSON.stringify({ members: { widths: { name: 'wide', email: -4, role: 1e9, status: 150.4 }, hidden: ['a', 7] } }),
    );
    expect(createColumnPrefsStore(storage).get(owner, 'members')).toEqual({ widths: { status: 150 }, hidden: ['a'] });
    expect(parsePrefs(null)).toEqual(NO_PREFS);

    const full = createColumnPrefsStore({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    full.set(owner, 'members', withHidden(NO_PREFS, 'email', true));
    expect(full.get(owner, 'members').hidden).toEqual(['email']);
  });
});

describe('ContentMeter', () => {
  const style: TextStyle = { font: '14px system-ui', letterSpacing: 'normal' };
  function countingMeasure(): MeasureText & { calls: number } {
    const measure = Object.assign(
      (text: string) => {
        measure.calls += 1;
        return text.length * 7;
      },
      { calls: 0 },
    );
    return measure;
  }
  const page = (from: number, size = 100): Person[] =>
    Array.from({ length: size }, (_, index) => ({
      name: `Person ${from + index}`,
      email: `person.${from + index}@example.com`,
    }));

  it('measures each loaded page once, and only loaded pages, however long the list', () => {
    const measure = countingMeasure();
    const meter = new ContentMeter<Person>(measure);
    const name = { ...columns[0]!, chrome: 24 };
    // Two pages of a 100 000-member list are loaded: 200 rows are measured, not 100 000.
    const loaded = [page(0), page(99_900)];
    const width = meter.cells(name, loaded, [style]);
    expect(measure.calls).toBe(200);
    expect(width).toBe('Person 99999'.length * 7 + 24);
    // Rendering again with the same pages measures nothing.
    meter.cells(name, loaded, [style]);
    expect(measure.calls).toBe(200);
    // A newly loaded page is measured, alone.
    meter.cells(name, [...loaded, page(500)], [style]);
    expect(measure.calls).toBe(300);
  });

  it('only grows: a narrower list later does not shrink the column', () => {
    const meter = new ContentMeter<Person>(countingMeasure());
    const email = columns[1]!;
    const wide = meter.cells(email, [[{ name: 'A', email: 'a.very.long.address@example.com' }]], [style]);
    expect(meter.cells(email, [[{ name: 'B', email: 'b@x.ch' }]], [style])).toBe(wide);
    expect(meter.header({ ...email, headChrome: 48 }, style)).toBe(wide);
  });

  it('fits a header to its longest word when it wraps, and a two-line cell to its longer line', () => {
    const meter = new ContentMeter<Person>((text) => text.length * 10);
    const permission: ColumnDef<Person> = {
      id: 'dropzoneManager',
      label: 'Manage dropzone recipients',
      headTexts: ['Manage', 'dropzone', 'recipients'],
      min: 72,
      max: 170,
    };
    expect(meter.header(permission, style)).toBe(100);
    const person: ColumnDef<Person> = {
      id: 'person',
      label: 'Person',
      text: (row) => [row.name, row.email],
      min: 0,
      max: 400,
    };
    expect(meter.cells(person, [[{ name: 'Ann', email: 'ann@example.com' }]], [style, style])).toBe(150);
  });

  it('does not measure cells before their font is known', () => {
    const measure = countingMeasure();
    const meter = new ContentMeter<Person>(measure);
    expect(meter.cells(columns[0]!, [page(0)], [])).toBe(0);
    expect(measure.calls).toBe(0);
  });
});
