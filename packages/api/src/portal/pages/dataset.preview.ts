import type { TableSchemaInput } from '@kho/schema';
import { OPS } from '../../modules/records/filters';
import { maybeLink, scrollTable } from '../components';
import type { Ctx } from '../context';
import { type Html, html } from '../html';
import type { DatasetPageData } from './dataset.data';

type Field = TableSchemaInput['fields'][number];
const SCALAR = new Set(['string', 'integer', 'number', 'date', 'datetime', 'boolean']);
const OP_LABELS: Record<string, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: 'in',
  nin: 'not in',
  like: 'like',
  isnull: 'is null',
};
/** Preview parameters that are not filters on fields. */
const NOT_FILTERS = new Set(['q', 'sort', 'cursor', 'version', 'area']);

function cell(ctx: Ctx, field: Field, v: unknown): Html | string {
  if (v === null || v === undefined || v === '') return ctx.t('noValue');
  if (typeof v === 'number') return ctx.num(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return Object.keys(v as object).length ? JSON.stringify(v) : '';
  const s = String(v);
  if (field.name === 'areaCode')
    return html`<a href="${ctx.href(`/areas/${encodeURIComponent(s)}`)}">${s}</a>`;
  return maybeLink(s);
}

export function previewBlock(
  ctx: Ctx,
  datasetId: string,
  fields: Field[],
  params: Record<string, string | string[]>,
  data: DatasetPageData['preview'],
): Html {
  const { t } = ctx;
  const base = `/datasets/${encodeURIComponent(datasetId)}`;
  const { cursor: _cursor, ...state } = params;
  const link = (extra: Record<string, string | undefined>) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...state, ...extra }))
      for (const item of v === undefined ? [] : Array.isArray(v) ? v : [v]) sp.append(k, item);
    if (ctx.lang === 'en') sp.set('lang', 'en');
    return `${base}?${sp.toString()}#preview`;
  };
  const sort = typeof state.sort === 'string' ? state.sort : '';
  const header = (f: Field) => {
    if (!SCALAR.has(f.type)) return html`<th scope="col">${f.name}</th>`;
    const dir = sort === f.name ? 'ascending' : sort === `-${f.name}` ? 'descending' : null;
    const next = dir === 'ascending' ? `-${f.name}` : dir === 'descending' ? undefined : f.name;
    return html`<th scope="col"${dir ? html` aria-sort="${dir}"` : ''} class="${f.type === 'number' || f.type === 'integer' ? 'num' : ''}">
      <a href="${link({ sort: next })}" title="${f.title ?? ''}">${f.name}${dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}<span class="sr-only"> — ${t('sortBy', { name: f.name })}${dir ? ` (${t(dir === 'ascending' ? 'sortAsc' : 'sortDesc')})` : ''}</span></a></th>`;
  };
  const filters = Object.entries(state).filter(([k]) => !NOT_FILTERS.has(k));
  const chips = filters.flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map(
      (item) =>
        html`<li><a href="${link({ [k]: undefined })}">✕ <span class="sr-only">${t('removeFilter', { name: '' })}</span>${k} ${item}</a></li>`,
    ),
  );
  const page = data.page;
  const table = page
    ? page.items.length
      ? scrollTable(
          t('preview'),
          html`<table><caption>${t('previewOf', { n: page.version })}</caption>
          <thead><tr>${fields.map(header)}</tr></thead>
          <tbody>${page.items.map(
            (r) =>
              html`<tr>${fields.map((f) => html`<td class="${typeof r[f.name] === 'number' ? 'num' : ''}">${cell(ctx, f, r[f.name])}</td>`)}</tr>`,
          )}</tbody></table>`,
        )
      : html`<p>${t('noRows')}</p>`
    : '';
  return html`<section id="preview" aria-labelledby="preview-h">
  <h2 id="preview-h">${t('preview')}</h2>
  <p class="meta">${t('previewNote')}</p>
  <form method="get" action="${base}#preview" class="filters">
    <div><label for="pq">${t('filterWords')}</label><input type="search" id="pq" name="q" value="${typeof state.q === 'string' ? state.q : ''}" maxlength="200"></div>
    <div><label for="pf">${t('filterField')}</label><select id="pf" name="_field">
      ${fields.filter((f) => SCALAR.has(f.type)).map((f) => html`<option value="${f.name}">${f.name}</option>`)}</select></div>
    <div><label for="po">${t('filterOp')}</label><select id="po" name="_op">
      ${OPS.map((op) => html`<option value="${op}">${OP_LABELS[op]} (${op})</option>`)}</select></div>
    <div><label for="pv">${t('filterValue')}</label><input type="text" id="pv" name="_value" maxlength="500"></div>
    ${filters.flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => html`<input type="hidden" name="${k}" value="${item}">`))}
    ${['sort', 'version', 'area'].map((k) => (typeof state[k] === 'string' ? html`<input type="hidden" name="${k}" value="${state[k]}">` : ''))}
    ${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <button type="submit">${t('filterButton')}</button>
    <a class="button secondary" href="${ctx.href(base)}#preview">${t('filterReset')}</a>
  </form>
  ${chips.length ? html`<ul class="chips">${chips}</ul>` : ''}
  ${data.error ? html`<div class="alert" role="alert">${t('previewError', { message: data.error })}</div>` : ''}
  ${table}
  ${
    page?.nextCursor || params.cursor
      ? html`<nav class="pager" aria-label="${t('preview')}">
      ${params.cursor ? html`<a href="${link({})}">${t('firstPage')}</a>` : ''}
      ${page?.nextCursor ? html`<a href="${link({ cursor: page.nextCursor })}" rel="next">${t('nextPage')} →</a>` : ''}</nav>`
      : ''
  }
</section>`;
}
