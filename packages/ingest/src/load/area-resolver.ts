import { type Executor, query, sql, todayInVietnam } from '@kho/schema';
import {
  AreaIndex,
  type AreaVersion,
  type ResolveOptions,
  type ResolveResult,
} from '../normalise/area-match';

export interface AreaRef {
  code?: string | null;
  name?: string | null;
  level?: AreaVersion['level'] | null;
  parent?: string | null;
}

export type AreaResolution =
  | { ok: true; area: AreaVersion; confidence: number }
  | { ok: false; message: string; suggestion?: string };

/**
 * Below this a match is only a suggestion: typos ("Vân Cnah") and type conflicts ("Phường
 * Hoài Thanh" for what was then Xã Hoài Thanh) are reported, never loaded silently.
 */
export const ACCEPT_CONFIDENCE = 0.85;

const inForce = (a: AreaVersion, at: string) =>
  (!a.validFrom || a.validFrom <= at) && (!a.validTo || a.validTo > at);

/**
 * Area matching for a whole load: the units are read once, every distinct (name, date) is
 * resolved once. Rows name their unit by code or by name ("TP. Quy Nhơn", "H. Vân Canh").
 */
export class AreaResolver {
  private readonly index: AreaIndex;
  private readonly cache = new Map<string, AreaResolution>();

  constructor(readonly areas: AreaVersion[]) {
    this.index = new AreaIndex(areas);
  }

  static async load(db: Executor): Promise<AreaResolver> {
    const rows = await query<{
      id: number;
      code: string;
      name: string;
      type: string;
      level: AreaVersion['level'];
      parent_code: string | null;
      valid_from: string | null;
      valid_to: string | null;
    }>(db, sql`select id, code, name, type, level, parent_code, valid_from, valid_to from areas`);
    return new AreaResolver(
      rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        level: r.level,
        parentCode: r.parent_code,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      })),
    );
  }

  /** The matching unit(s) for a name, as the REST resolver answers them. */
  resolveName(name: string, options: ResolveOptions = {}): ResolveResult {
    return this.index.resolve(name, options);
  }

  /**
   * One unit for a row. `at` is the row's date; without one (registries), the unit in force
   * today is preferred, then the most recent unit of that name — registries keep old names.
   */
  resolve(ref: AreaRef, at?: string): AreaResolution {
    const key = `${ref.code ?? ''}|${ref.name ?? ''}|${ref.level ?? ''}|${ref.parent ?? ''}|${at ?? ''}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.resolveUncached(ref, at);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private resolveUncached(ref: AreaRef, at?: string): AreaResolution {
    if (ref.code) {
      const code = ref.code.trim();
      const versions = this.areas.filter((a) => a.code === code);
      if (!versions.length) return { ok: false, message: `no administrative unit has the code ${code}` };
      const date = at ?? todayInVietnam();
      const inForceThen = versions.find((a) => inForce(a, date));
      if (inForceThen) return { ok: true, area: inForceThen, confidence: 1 };
      if (!at) return { ok: true, area: latest(versions), confidence: 0.9 };
      return { ok: false, message: `the code ${code} named no unit on ${at} (${describe(versions)})` };
    }
    const name = ref.name?.trim();
    if (!name) return { ok: false, message: 'no area given' };
    const options: ResolveOptions = {
      ...(ref.level ? { level: ref.level } : {}),
      ...(ref.parent ? { parent: ref.parent } : {}),
    };
    const dated = this.index.resolve(name, { ...options, at: at ?? todayInVietnam() });
    const sure = (m: { confidence: number } | null) => !!m && m.confidence >= ACCEPT_CONFIDENCE;
    if (sure(dated.best) && !dated.ambiguous)
      return { ok: true, area: dated.best!.area, confidence: dated.best!.confidence };
    if (sure(dated.best) && dated.ambiguous)
      return {
        ok: false,
        message: dated.message ?? `"${name}" is ambiguous`,
        suggestion: 'add the level or the parent unit',
      };
    if (!at) {
      // A registry may use a name from before the reform: take the most recent unit of that name.
      const any = this.index.resolve(name, options);
      if (any.best && sure(any.best)) {
        const top = [any.best, ...any.alternatives].filter((m) => m.confidence === any.best!.confidence);
        const sameUnit = top.every(
          (m) => m.area.code === top[0]!.area.code || m.area.name === top[0]!.area.name,
        );
        if (!any.ambiguous || sameUnit) {
          return { ok: true, area: latest(top.map((m) => m.area)), confidence: any.best.confidence };
        }
        return {
          ok: false,
          message: any.message ?? `"${name}" is ambiguous`,
          suggestion: 'add the level or the parent unit',
        };
      }
    }
    const closest = dated.alternatives[0] ?? this.index.resolve(name, options).alternatives[0];
    return {
      ok: false,
      message: dated.best
        ? `no administrative unit named exactly "${name}"${at ? ` on ${at}` : ''}`
        : (dated.message ?? `no administrative unit named "${name}"${at ? ` on ${at}` : ''}`),
      ...(closest ? { suggestion: `did you mean ${closest.area.name} (${closest.area.code})?` } : {}),
    };
  }
}

function latest(versions: AreaVersion[]): AreaVersion {
  return [...versions].sort((a, b) => (b.validTo ?? '9999').localeCompare(a.validTo ?? '9999'))[0]!;
}

function describe(versions: AreaVersion[]): string {
  return versions.map((v) => `${v.name} ${v.validFrom ?? '…'} – ${v.validTo ?? 'today'}`).join('; ');
}

/** The resolver the REST endpoint and agencies' spreadsheet cleaning use. */
export async function resolveAreaName(
  db: Executor,
  name: string,
  options: ResolveOptions = {},
): Promise<ResolveResult> {
  return (await AreaResolver.load(db)).resolveName(name, options);
}
