import { hash } from 'node:crypto';
import type { TableSchemaInput } from '@kho/schema';
import type { RecordDraft, RowProblem } from '../adapters/types';
import { foldForSearch } from '../normalise/text';
import type { Cell } from '../read/types';
import type { AreaResolver } from './area-resolver';
import { isMissing, type Parsed, toBoolean, toDate, toInteger, toNumber, toText } from './values';

type Field = TableSchemaInput['fields'][number];

export interface StagedRecord {
  row: number;
  rowKey: string;
  rowHash: string;
  data: Record<string, unknown>;
  areaId: number | null;
  areaCode: string | null;
  lat: number | null;
  lon: number | null;
  searchText: string;
}

const LAT = new Set(['lat', 'latitude', 'vi do', 'y']);
const LON = new Set(['lon', 'lng', 'long', 'longitude', 'kinh do', 'x']);

function typed(field: Field, c: Cell): Parsed<unknown> {
  const fmt = {
    ...(field.decimalChar ? { decimalChar: field.decimalChar } : {}),
    ...(field.groupChar !== undefined ? { groupChar: field.groupChar } : {}),
  };
  switch (field.type) {
    case 'integer':
      return toInteger(c, fmt);
    case 'number':
      return toNumber(c, fmt);
    case 'boolean':
      return toBoolean(c);
    case 'date':
      return toDate(c);
    case 'datetime': {
      if (isMissing(c)) return { ok: true, value: null };
      const t = new Date(String(c));
      return Number.isNaN(t.getTime())
        ? { ok: false, reason: 'not a date and time (use 2022-05-31T08:00:00+07:00)' }
        : { ok: true, value: t.toISOString() };
    }
    case 'geopoint': {
      if (isMissing(c)) return { ok: true, value: null };
      const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(String(c));
      return m
        ? { ok: true, value: [Number(m[2]), Number(m[1])] }
        : { ok: false, reason: 'not a point; write "lat, lon"' };
    }
    case 'object':
    case 'array': {
      if (isMissing(c)) return { ok: true, value: null };
      try {
        const v = typeof c === 'string' ? JSON.parse(c) : c;
        return (field.type === 'array') === Array.isArray(v) && typeof v === 'object'
          ? { ok: true, value: v }
          : { ok: false, reason: `not a JSON ${field.type}` };
      } catch {
        return { ok: false, reason: `not a JSON ${field.type}` };
      }
    }
    default: {
      const t = toText(c);
      if (t?.includes('\uFFFD'))
        return {
          ok: false,
          reason: 'contains characters that could not be decoded: the file mixes text encodings',
        };
      return { ok: true, value: t };
    }
  }
}

function checkConstraints(field: Field, v: unknown): string | null {
  const k = field.constraints;
  if (!k) return null;
  if (v === null || v === undefined) return k.required ? 'required, but empty' : null;
  if (
    k.minimum !== undefined &&
    (typeof v === 'number' ? v < Number(k.minimum) : String(v) < String(k.minimum))
  )
    return `below the minimum ${k.minimum}`;
  if (
    k.maximum !== undefined &&
    (typeof v === 'number' ? v > Number(k.maximum) : String(v) > String(k.maximum))
  )
    return `above the maximum ${k.maximum}`;
  if (k.enum && !k.enum.map(String).includes(String(v)))
    return `not one of ${k.enum.slice(0, 12).join(', ')}`;
  if (k.pattern && typeof v === 'string' && !new RegExp(`^(?:${k.pattern})$`, 'u').test(v))
    return `does not match the pattern ${k.pattern}`;
  return null;
}

/** A draft row → a row typed by the Table Schema, with its area and point; or the row's problems. */
export class RecordBuilder {
  private readonly latField?: string;
  private readonly lonField?: string;
  private readonly key: string[];

  constructor(
    private readonly schema: TableSchemaInput,
    private readonly areas: AreaResolver,
    private readonly options: { areaDate?: string } = {},
  ) {
    this.latField = schema.fields.find((f) => LAT.has(foldForSearch(f.name)))?.name;
    this.lonField = schema.fields.find((f) => LON.has(foldForSearch(f.name)))?.name;
    this.key = schema.primaryKey ?? [];
  }

  build(d: RecordDraft, problems: RowProblem[]): StagedRecord | null {
    const before = problems.length;
    const data: Record<string, unknown> = {};
    for (const f of this.schema.fields) {
      const raw = d.fields[f.name] ?? null;
      const column = d.columns[f.name] ?? f.name;
      const r = typed(f, raw);
      if (!r.ok) {
        problems.push({ row: d.row, column, value: String(raw).slice(0, 200), message: r.reason });
        continue;
      }
      const broken = checkConstraints(f, r.value);
      if (broken)
        problems.push({
          row: d.row,
          column,
          ...(raw !== null ? { value: String(raw).slice(0, 200) } : {}),
          message: broken,
        });
      data[f.name] = r.value;
    }
    for (const k of this.key) {
      if (data[k] === null || data[k] === undefined) {
        problems.push({
          row: d.row,
          column: d.columns[k] ?? k,
          message: 'the key field is empty',
          suggestion: 'every row needs its own key value',
        });
      }
    }

    let lat = this.latField ? (data[this.latField] as number | null) : null;
    let lon = this.lonField ? (data[this.lonField] as number | null) : null;
    if (typeof lat !== 'number' || typeof lon !== 'number') {
      lat = null;
      lon = null;
    } else if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
      problems.push({
        row: d.row,
        column: d.columns[this.latField!] ?? this.latField!,
        value: `${lat}, ${lon}`,
        message: 'not a valid latitude/longitude',
        ...(swapped ? { suggestion: 'latitude and longitude look swapped' } : {}),
      });
    }

    let areaId: number | null = null;
    let areaCode: string | null = null;
    if (d.area) {
      const r = this.areas.resolve(d.area, this.options.areaDate);
      if (!r.ok) {
        problems.push({
          row: d.row,
          ...(d.areaColumn ? { column: d.areaColumn } : {}),
          value: d.area.code ?? d.area.name ?? '',
          message: r.message,
          ...(r.suggestion ? { suggestion: r.suggestion } : {}),
        });
      } else {
        areaId = r.area.id;
        areaCode = r.area.code;
      }
    }
    if (problems.length > before) return null;

    const json = JSON.stringify(data);
    const rowKey = this.key.length
      ? this.key.map((k) => String(data[k])).join('|')
      : hash('md5', json, 'hex');
    const text = Object.values(data)
      .filter((v): v is string => typeof v === 'string')
      .join(' ');
    return {
      row: d.row,
      rowKey,
      rowHash: hash('md5', `${json}|${areaCode}|${lat}|${lon}`, 'hex'),
      data,
      areaId,
      areaCode,
      lat,
      lon,
      searchText: foldForSearch(text).slice(0, 4000),
    };
  }
}
