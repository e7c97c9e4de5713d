import { datasetSearchQuery, type Executor } from '@kho/schema';
import { DOWNLOAD_FORMATS, listPublishers, searchDatasets } from '../../modules/catalog/catalog.queries';
import { datasetItem, publisherName } from '../components';
import { type Ctx, one } from '../context';
import { type Html, html } from '../html';
import { layout } from '../layout';

const FACETS = ['theme', 'publisher', 'access', 'format'] as const;
type Facet = (typeof FACETS)[number];

const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);

export async function searchPage(db: Executor, ctx: Ctx): Promise<{ status: number; body: string }> {
  const { t } = ctx;
  const params = {
    q: one(ctx.query, 'q'),
    theme: one(ctx.query, 'theme'),
    publisher: one(ctx.query, 'publisher'),
    access: one(ctx.query, 'access'),
    format: one(ctx.query, 'format'),
    sort: one(ctx.query, 'sort'),
    limit: one(ctx.query, 'limit'),
    cursor: one(ctx.query, 'cursor'),
  };
  const { format: _format, ...forQuery } = params;
  const parsed = datasetSearchQuery.safeParse(forQuery);
  const formats = list(params.format).filter((f) => DOWNLOAD_FORMATS.some(([code]) => code === f));
  const [result, publishers] = await Promise.all([
    parsed.success ? searchDatasets(db, parsed.data, ctx.principal) : null,
    listPublishers(db, ctx.principal),
  ]);
  const names = new Map(publishers.items.map((p) => [p.code, publisherName(ctx, p)]));
  const state = { ...params, format: formats.join(',') || undefined, cursor: undefined };

  /** This search with one facet value switched on or off, from the first page. */
  const toggle = (facet: Facet, value: string) => {
    const current = list(state[facet]);
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    return ctx.href('/datasets', { ...state, [facet]: next.join(',') || undefined });
  };
  const label = (facet: Facet, value: string) =>
    facet === 'theme'
      ? ctx.theme(value)
      : facet === 'publisher'
        ? (names.get(value) ?? value)
        : facet === 'access'
          ? ctx.label('access', value)
          : value.toUpperCase();
  const facetBlock = (
    facet: Facet,
    title: string,
    items: { value: string; count: number }[],
    note?: string,
  ) =>
    items.length
      ? html`<div class="facet"><h3>${title}</h3>${note ? html`<p class="meta">${note}</p>` : ''}<ul class="plain">${items.map(
          (f) => {
            const on = list(state[facet]).includes(f.value);
            return html`<li><a href="${toggle(facet, f.value)}" aria-current="${on ? 'true' : 'false'}">${on ? '✓ ' : ''}${label(facet, f.value)}</a> <span class="count">(${ctx.num(f.count)})</span></li>`;
          },
        )}</ul></div>`
      : '';

  const active = FACETS.flatMap((f) => list(state[f]).map((v) => ({ f, v })));
  let content: Html;
  if (!result) {
    const message = parsed.success
      ? ''
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    content = html`<div class="alert" role="alert"><p>${t('badRequestTitle')}: ${message}</p></div>`;
  } else {
    const total = result.total;
    content = html`
      <p role="status">${t('resultsCount', { n: ctx.num(total) })}</p>
      ${
        active.length
          ? html`<ul class="chips">${active.map(({ f, v }) => html`<li><a href="${toggle(f, v)}">✕ <span class="sr-only">${t('removeFilter', { name: '' })}</span>${label(f, v)}</a></li>`)}
        <li><a href="${ctx.href('/datasets', { q: params.q })}">${t('clearFilters')}</a></li></ul>`
          : ''
      }
      ${result.items.length ? html`<ul class="results">${result.items.map((d) => datasetItem(ctx, d))}</ul>` : html`<p>${t('noResults')}</p>`}
      <nav class="pager" aria-label="${t('nextPage')}">
        ${params.cursor ? html`<a href="${ctx.href('/datasets', state)}">${t('firstPage')}</a>` : ''}
        ${result.nextCursor ? html`<a href="${ctx.href('/datasets', { ...state, cursor: result.nextCursor })}" rel="next">${t('nextPage')} →</a>` : ''}
      </nav>`;
  }
  const facets = result
    ? html`<aside aria-labelledby="filters-h"><h2 id="filters-h">${t('filters')}</h2>
      ${facetBlock('theme', t('themes'), result.facets.theme)}
      ${facetBlock('publisher', t('publishers'), result.facets.publisher)}
      ${ctx.principal.kind === 'key' ? facetBlock('access', t('access'), result.facets.access) : ''}
      ${facetBlock('format', t('format'), result.total ? DOWNLOAD_FORMATS.map(([code]) => ({ value: code, count: result.total })) : [], t('formatNote'))}
    </aside>`
    : html`<div></div>`;
  const sort = params.sort ?? '-modified';
  const body = html`
    <h1>${t('resultsTitle')}</h1>
    <form class="search" role="search" method="get" action="/datasets">
      <div class="field"><label for="q">${t('searchLabel')}</label>
      <input type="search" id="q" name="q" value="${params.q ?? ''}" placeholder="${t('searchPlaceholder')}" maxlength="200"></div>
      <div><label for="sort">${t('sort')}</label><select id="sort" name="sort">
        <option value="-modified"${sort === '-modified' ? html` selected` : ''}>${t('sortModified')}</option>
        <option value="title"${sort === 'title' ? html` selected` : ''}>${t('sortTitle')}</option>
      </select></div>
      ${(['theme', 'publisher', 'access', 'format'] as const).map((f) => (state[f] ? html`<input type="hidden" name="${f}" value="${state[f]}">` : ''))}
      ${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
      <button type="submit">${t('searchButton')}</button>
    </form>
    <div class="grid sidebar">${facets}<section aria-label="${t('resultsTitle')}">${content}</section></div>`;
  return {
    status: result ? 200 : 400,
    body: layout(ctx, {
      title: params.q ? `${params.q} — ${t('resultsTitle')}` : t('resultsTitle'),
      body,
      nav: 'datasets',
    }),
  };
}
