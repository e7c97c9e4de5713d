import type { FastifyRequest } from 'fastify';
import type { Principal } from '../lib/policy';
import { hasKey, type Lang, THEME_NAMES, translator } from './i18n';

export type Query = Record<string, string | string[] | undefined>;

/** What every page needs to know about the request: language, viewer, links, formatting. */
export interface Ctx {
  lang: Lang;
  t: ReturnType<typeof translator>;
  principal: Principal;
  path: string;
  query: Query;
  publicUrl: string;
  requestId: string;
  /** A portal link, keeping the language: href('/datasets', { q: 'y te' }). */
  href(path: string, params?: Record<string, string | number | null | undefined>): string;
  num(n: number | null | undefined): string;
  date(iso: string | null | undefined): string;
  theme(code: string): string;
  /** A translated label for a code from the data (access level, flag …), or the code itself. */
  label(prefix: string, code: string): string;
}

/** The first value of a query parameter, trimmed; undefined when absent or empty. */
export function one(q: Query, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

export function makeCtx(request: FastifyRequest): Ctx {
  const query = (request.query ?? {}) as Query;
  const lang: Lang = one(query, 'lang') === 'en' ? 'en' : 'vi';
  const t = translator(lang);
  const numbers = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 6 });
  const dates = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    day: lang === 'vi' ? '2-digit' : 'numeric',
    month: lang === 'vi' ? '2-digit' : 'short',
    year: 'numeric',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  return {
    lang,
    t,
    principal: request.principal,
    path: request.url.split('?')[0]!,
    query,
    publicUrl: request.server.publicUrl.replace(/\/$/, ''),
    requestId: String(request.id),
    href(path, params = {}) {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(params))
        if (v !== undefined && v !== null && v !== '') sp.append(k, String(v));
      if (lang === 'en') sp.set('lang', 'en');
      const s = sp.toString();
      return s ? `${path}?${s}` : path;
    },
    num: (n) => (n === null || n === undefined || Number.isNaN(n) ? t('noValue') : numbers.format(n)),
    date(iso) {
      if (!iso) return t('noValue');
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+07:00` : iso);
      return Number.isNaN(d.getTime()) ? iso : dates.format(d);
    },
    theme: (code) => THEME_NAMES[code]?.[lang] ?? code,
    label(prefix, code) {
      const key = `${prefix}_${code}`;
      return hasKey(key) ? t(key) : code;
    },
  };
}
