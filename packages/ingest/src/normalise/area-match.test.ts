import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { AreaIndex, type AreaLevel, type AreaVersion } from './area-match';

const UNITS = new URL('../../reference/areas-52-units.csv', import.meta.url);

function loadUnits(): AreaVersion[] {
  const rows: Record<string, string>[] = parse(readFileSync(UNITS), {
    columns: true,
    skip_empty_lines: true,
  });
  const orNull = (s: string | undefined) => (s ? s : null);
  return rows.map((r, i) => ({
    id: i + 1,
    code: r['code']!,
    name: r['name']!,
    type: r['type']!,
    level: r['level'] as AreaLevel,
    parentCode: orNull(r['parent_code']),
    validFrom: orNull(r['valid_from']),
    validTo: orNull(r['valid_to']),
  }));
}

let index: AreaIndex;
beforeAll(() => {
  index = new AreaIndex(loadUnits());
});

const OLD = '2022-06-03';
const NEW = '2026-01-01';

describe('AreaIndex.resolve on the Bình Định / Gia Lai unit list', () => {
  it.each([
    ['TP. Quy Nhơn', OLD, '540'],
    ['H. Vân Canh', OLD, '551'],
    ['P. Nhon Binh', OLD, '21550'],
    ['Huyện Vĩnh Thạnh', undefined, '546'],
    [' Phường Nhơn Bình (Tổng số)', undefined, '21550'],
    ['Quy Nhon Bac', NEW, '21553'],
    ['Xã Canh Hiep', OLD, '22000'],
    ['thi xa hoai nhon', '2021-01-01', '543'],
    ['Phường Nhơn Hòa', OLD, '21943'],
  ])('%s at %s → %s', (name, at, code) => {
    const r = index.resolve(name, { at });
    expect(r.best?.area.code).toBe(code);
    expect(r.ambiguous).toBe(false);
  });

  it('scores an accented exact match above an unaccented one, and both above a bare name', () => {
    const exact = index.resolve('Phường Nhơn Bình', { at: OLD }).best!;
    const unaccented = index.resolve('Phuong Nhon Binh', { at: OLD }).best!;
    const bare = index.resolve('Nhơn Bình', { at: OLD }).best!;
    expect(exact.confidence).toBe(1);
    expect(unaccented.confidence).toBeGreaterThanOrEqual(0.85);
    expect(unaccented.confidence).toBeLessThan(1);
    expect(bare.confidence).toBe(0.9);
    expect(index.resolve('Quy Nhon Bac', { at: NEW }).best!.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('narrows by level', () => {
    const r = index.resolve('Vĩnh Thạnh', { level: 'district' });
    expect(r.best?.area).toMatchObject({ code: '546', name: 'Huyện Vĩnh Thạnh' });
    expect(r.ambiguous).toBe(false);
  });

  it('narrows by parent code or name, at any depth', () => {
    expect(index.resolve('Nhơn Bình', { parent: '540' }).best?.area.code).toBe('21550');
    expect(index.resolve('Nhơn Bình', { parent: 'Quy Nhơn', at: OLD }).best?.area.code).toBe('21550');
    expect(index.resolve('Nhơn Bình', { parent: '52', at: OLD }).best?.area.code).toBe('21550');
    expect(index.resolve('Nhơn Bình', { parent: '551' }).best?.area.code).not.toBe('21550');
    expect(index.resolve('Nhơn Bình', { parent: '99999' })).toMatchObject({
      best: null,
      message: expect.any(String),
    });
  });

  it('flags a name shared by a province and a ward as ambiguous', () => {
    const r = index.resolve('Bình Định');
    expect(r.ambiguous).toBe(true);
    expect(r.best?.area.code).toBe('52');
    expect(r.alternatives.map((m) => m.area.code)).toEqual(['52', '21907']);
    expect(r.message).toBe(
      'ambiguous: "Bình Định" matches Tỉnh Bình Định (52) and Phường Bình Định (21907); add the level or parent',
    );
    expect(index.resolve('Bình Định', { level: 'province' }).ambiguous).toBe(false);
    expect(index.resolve('Tỉnh Bình Định').best?.area.code).toBe('52');
  });

  it('says when a unit existed, if not on the date asked', () => {
    const r = index.resolve('Phường Lê Lợi', { at: NEW });
    expect(r.best).toBeNull();
    expect(r.message).toContain('Phường Lê Lợi (21583) existed until 2025-01-01');
    expect(index.resolve('Phường Lê Lợi', { at: OLD }).best?.area.code).toBe('21583');
  });

  it('resolves codes on the date asked', () => {
    expect(index.resolve('21553', { at: OLD }).best).toMatchObject({
      area: { name: 'Phường Nhơn Phú' },
      confidence: 1,
    });
    expect(index.resolve('21553', { at: NEW }).best?.area.name).toBe('Phường Quy Nhơn Bắc');
    const undated = index.resolve('21553');
    expect(undated.ambiguous).toBe(true);
    expect(undated.message).toContain('add the date');
    expect(index.resolve('99999').best).toBeNull();
  });

  it('picks the version in force for a unit that kept its name', () => {
    const r = index.resolve('Xã Nhơn Châu', { at: NEW });
    expect(r.best?.area).toMatchObject({ code: '21607', parentCode: '52', validFrom: '2025-07-01' });
    expect(index.resolve('Xã Nhơn Châu', { at: OLD }).best?.area.parentCode).toBe('540');
    expect(index.resolve('Xã Nhơn Châu').best?.area.validFrom).toBe('2025-07-01');
  });

  it('corrects typos with a lower confidence and says so', () => {
    const r = index.resolve('Huyen Van Cnah');
    expect(r.best?.area.code).toBe('551');
    expect(r.best!.confidence).toBeLessThanOrEqual(0.7);
    expect(r.best!.reason).toContain('edit distance 1');
    expect(index.resolve('P. Nhon Bnh', { at: OLD }).best?.area.code).toBe('21550');
    expect(index.resolve('Xã Zzzzzz').best).toBeNull();
  });

  it('keeps a unit whose type differs on the date asked, with a lower confidence and a note', () => {
    const r = index.resolve('Phường Hoài Thanh', { at: '2019-06-01' });
    expect(r.best?.area).toMatchObject({ code: '21667', name: 'Xã Hoài Thanh' });
    expect(r.best!.confidence).toBeLessThanOrEqual(0.6);
    expect(r.best!.reason).toContain('type conflict');
    expect(r.message).toContain('Phường Hoài Thanh (21667) existed from 2020-06-01 until 2025-07-01');
  });

  it('sorts alternatives by confidence and keeps at most five', () => {
    const r = index.resolve('Huyện Vân Canh');
    expect(r.best?.area.code).toBe('551');
    const confidences = r.alternatives.map((m) => m.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(confidences[0]).toBe(1);
    expect(confidences.slice(1).every((c) => c < 1)).toBe(true);
    expect(index.resolve('Ia').alternatives.length).toBeLessThanOrEqual(5);
  });
});

describe('AreaIndex on a hand-made list', () => {
  const unit = (over: Partial<AreaVersion> & Pick<AreaVersion, 'id' | 'code' | 'name'>): AreaVersion => ({
    type: 'Xã',
    level: 'commune',
    parentCode: '1',
    validFrom: null,
    validTo: null,
    ...over,
  });

  it('treats tone-mark placement variants as the same exact name', () => {
    const idx = new AreaIndex([unit({ id: 1, code: '10', name: 'Xã Thuỵ An' })]);
    expect(idx.resolve('Xã Thụy An').best?.confidence).toBe(1);
  });

  it('finds a unit whose name starts with a type word', () => {
    const idx = new AreaIndex([
      unit({ id: 1, code: '10', name: 'Thị xã Tịnh Biên', type: 'Thị xã', level: 'district' }),
    ]);
    expect(idx.resolve('Tinh Bien').best?.area.code).toBe('10');
  });

  it('answers an empty name with a message', () => {
    const idx = new AreaIndex([unit({ id: 1, code: '10', name: 'Xã An Hòa' })]);
    expect(idx.resolve('  ')).toEqual({
      best: null,
      alternatives: [],
      ambiguous: false,
      message: 'empty name',
    });
  });
});
