import { type Executor, type Observation, query, sql, todayInVietnam } from '@kho/schema';
import { type ObservationRow, toObservation } from './observations.queries';

type Unit = {
  id: number;
  code: string;
  name: string;
  level: Observation['areaLevel'];
  valid_from: string | null;
  valid_to: string | null;
};
type Edge = {
  from_id: number | null;
  from_code: string;
  from_name: string;
  to_id: number;
  share: 'full' | 'partial';
};
export type Note = { areaCode: string; areaName: string; indicator?: string; reason: string };

const inForce = (u: Unit, d: string) =>
  (!u.valid_from || u.valid_from <= d) && (!u.valid_to || u.valid_to > d);

/** The area graph across reforms, loaded once per request (a few hundred rows). */
class Successions {
  readonly units = new Map<number, Unit>();
  readonly out = new Map<number, Edge[]>();
  readonly in = new Map<number, Edge[]>();
  private readonly targetCache = new Map<number, { id: number } | { reason: string }>();
  private readonly closureCache = new Map<number, { members: Unit[]; blocked?: string }>();

  constructor(
    units: Unit[],
    edges: Edge[],
    readonly today: string,
  ) {
    for (const u of units) this.units.set(u.id, u);
    for (const e of edges) {
      if (e.from_id !== null) this.out.set(e.from_id, [...(this.out.get(e.from_id) ?? []), e]);
      this.in.set(e.to_id, [...(this.in.get(e.to_id) ?? []), e]);
    }
  }

  /** The unit in force today that the whole of `id` became, or why there is none. */
  target(id: number): { id: number } | { reason: string } {
    const hit = this.targetCache.get(id);
    if (hit) return hit;
    const u = this.units.get(id)!;
    let result: { id: number } | { reason: string };
    const out = this.out.get(id) ?? [];
    if (inForce(u, this.today)) result = { id };
    else if (!out.length)
      result = {
        reason: `${u.name} has no successor (its level was abolished or it was dissolved on ${u.valid_to})`,
      };
    else if (out.length > 1) {
      result = {
        reason: `${u.name} was split on ${u.valid_to} between ${out.map((e) => this.units.get(e.to_id)!.name).join(' and ')}`,
      };
    } else if (out[0]!.share === 'partial') {
      result = {
        reason: `only part of ${u.name} went into ${this.units.get(out[0]!.to_id)!.name} on ${u.valid_to}`,
      };
    } else result = this.target(out[0]!.to_id);
    this.targetCache.set(id, result);
    return result;
  }

  /**
   * Every unit that went whole into `id` (transitively), and the first reason it cannot be
   * re-aggregated: a predecessor that went only partly, or one outside the bundled lists.
   */
  closure(id: number): { members: Unit[]; blocked?: string } {
    const hit = this.closureCache.get(id);
    if (hit) return hit;
    const members: Unit[] = [this.units.get(id)!];
    let blocked: string | undefined;
    for (const e of this.in.get(id) ?? []) {
      if (e.from_id === null)
        blocked ??= `also formed from ${e.from_name} (${e.from_code}), which is outside this warehouse's reference data`;
      else if (e.share === 'partial') blocked ??= `also formed from part of ${e.from_name}`;
      else {
        const sub = this.closure(e.from_id);
        members.push(...sub.members);
        blocked ??= sub.blocked;
      }
    }
    const result = { members, ...(blocked ? { blocked } : {}) };
    this.closureCache.set(id, result);
    return result;
  }
}

/**
 * boundaries=current: observations of units that no longer exist are summed into the unit in
 * force today — only for additive indicators, only through full successions, and only when
 * every unit that went into today's unit has a value for the same period. Everything else is
 * returned as recorded, with a note saying which unit could not be mapped and why.
 */
export async function toCurrentBoundaries(
  db: Executor,
  rows: ObservationRow[],
): Promise<{ items: Observation[]; notes: Note[] }> {
  const today = todayInVietnam();
  const [units, edges] = await Promise.all([
    query<Unit>(db, sql`select id, code, name, level, valid_from, valid_to from areas`),
    query<Edge>(
      db,
      sql`select from_area_id as from_id, from_code, from_name, to_area_id as to_id, share from area_successions`,
    ),
  ]);
  const g = new Successions(units, edges, today);
  const items: Observation[] = [];
  const notes = new Map<string, Note>();
  const note = (r: ObservationRow, reason: string) => {
    const key = `${r.area_code}|${r.indicator}|${reason}`;
    if (!notes.has(key))
      notes.set(key, { areaCode: r.area_code, areaName: r.area_name, indicator: r.indicator, reason });
  };
  const groups = new Map<string, { target: number; rows: ObservationRow[] }>();
  for (const r of rows) {
    const unit = g.units.get(r.area_id)!;
    if (inForce(unit, today)) {
      items.push(toObservation(r));
      continue;
    }
    if (!r.additive) {
      note(
        r,
        `${r.indicator_name} is not additive (e.g. a rate or a rank): kept on the unit it was recorded for`,
      );
      items.push(toObservation(r));
      continue;
    }
    const t = g.target(r.area_id);
    if ('reason' in t) {
      note(r, t.reason);
      items.push(toObservation(r));
      continue;
    }
    const key = `${r.dataset}|${r.indicator}|${t.id}|${r.period_start}|${r.period_end}|${r.dimensions_key}`;
    const group = groups.get(key) ?? { target: t.id, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  for (const { target, rows: members } of groups.values()) {
    const unit = g.units.get(target)!;
    const first = members[0]!;
    const { members: closure, blocked } = g.closure(target);
    // The units that existed during the period and went whole into today's unit: all must have a value.
    const needed = closure.filter((u) => u.id !== target && inForce(u, first.period_end));
    const have = new Set(members.map((m) => m.area_id));
    const missing = needed.filter((u) => !have.has(u.id));
    if (blocked || missing.length) {
      const reason = blocked
        ? `${unit.name} ${blocked}: a sum of the old units would not be its total`
        : `${unit.name} would need values for ${missing.map((u) => u.name).join(', ')} for ${first.period_label ?? first.period_start}`;
      for (const m of members) {
        note(m, reason);
        items.push(toObservation(m));
      }
      continue;
    }
    const flags = new Set(members.map((m) => m.flag));
    items.push({
      ...toObservation(first),
      areaCode: unit.code,
      areaName: unit.name,
      areaLevel: unit.level,
      value: members.reduce((s, m) => s + m.value, 0),
      flag: flags.size === 1 ? first.flag : 'estimated',
      source: [...new Set(members.map((m) => m.source).filter(Boolean))].join('; ') || null,
      derived: {
        from: members.map((m) => m.area_code),
        note: `sum of ${members.map((m) => m.area_name).join(', ')}, which went whole into ${unit.name}`,
      },
    });
  }
  items.sort(
    (a, b) =>
      a.indicator.localeCompare(b.indicator) ||
      a.periodStart.localeCompare(b.periodStart) ||
      a.areaCode.localeCompare(b.areaCode),
  );
  return { items, notes: [...notes.values()] };
}
