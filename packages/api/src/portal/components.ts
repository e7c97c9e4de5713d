import type { Ctx } from './context';
import { type Html, html, safeUrl } from './html';

type Titled = { title: string; titleEn: string | null };

/** The dataset's title in the page's language, where the dataset has one. */
export const titleOf = (ctx: Ctx, d: Titled) => (ctx.lang === 'en' && d.titleEn ? d.titleEn : d.title);

/** lang="vi" on Vietnamese text shown in an English page (screen readers switch voice). */
export const viText = (ctx: Ctx, isVietnamese = true) =>
  ctx.lang === 'en' && isVietnamese ? html` lang="vi"` : '';

export const publisherName = (ctx: Ctx, p: { name: string; nameEn: string }) =>
  ctx.lang === 'en' && p.nameEn ? p.nameEn : p.name;

export function accessBadge(ctx: Ctx, access: string): Html | '' {
  if (access === 'open') return '';
  return html`<span class="badge ${access}">${ctx.label('access', access)}</span>`;
}

export function searchForm(ctx: Ctx, q = '', hidden: Record<string, string | undefined> = {}): Html {
  const { t } = ctx;
  return html`<form class="search" role="search" method="get" action="/datasets">
    <div class="field"><label for="q">${t('searchLabel')}</label>
    <input type="search" id="q" name="q" value="${q}" placeholder="${t('searchPlaceholder')}" maxlength="200"></div>
    ${Object.entries(hidden).map(([k, v]) => (v ? html`<input type="hidden" name="${k}" value="${v}">` : ''))}
    ${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <button type="submit">${t('searchButton')}</button>
  </form>`;
}

/** A table that scrolls sideways on a phone instead of widening the page; keyboard-scrollable. */
export function scrollTable(label: string, table: Html): Html {
  return html`<div class="scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/** A text from data: a link when it is an http(s) URL, else the text. */
export function maybeLink(text: string | null | undefined): Html | string {
  const url = safeUrl(text);
  return url ? html`<a href="${url}" rel="nofollow noopener">${url}</a>` : (text ?? '');
}

export function excerpt(s: string, max = 220): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : flat;
}

export function datasetItem(
  ctx: Ctx,
  d: {
    id: string;
    title: string;
    titleEn: string | null;
    description: string;
    publisher: { code: string; name: string; nameEn: string };
    themes: string[];
    access: string;
    rowCount: number;
    modified: string;
  },
): Html {
  const { t } = ctx;
  return html`<li>
    <h3><a href="${ctx.href(`/datasets/${encodeURIComponent(d.id)}`)}"${viText(ctx, !d.titleEn)}>${titleOf(ctx, d)}</a>${accessBadge(ctx, d.access)}</h3>
    <div class="meta">${publisherName(ctx, d.publisher)} · ${d.themes.map((th) => ctx.theme(th)).join(', ')} ·
      ${t('updated', { date: ctx.date(d.modified) })} · ${t('rows', { n: ctx.num(d.rowCount) })}</div>
    ${d.description ? html`<p${viText(ctx)}>${excerpt(d.description)}</p>` : ''}
  </li>`;
}
