import type { DatasetRow } from '../../modules/catalog/catalog.queries';
import { accessBadge, maybeLink, scrollTable, viText } from '../components';
import { type Ctx, one } from '../context';
import { type Html, html, safeUrl } from '../html';
import { layout } from '../layout';
import { type DatasetPageData, dictionaryOf, previewParams } from './dataset.data';
import { downloadsBlock, examplesBlock, jsonLd, licenseUrl } from './dataset.extras';
import { previewBlock } from './dataset.preview';
import { visualsBlock } from './dataset.visuals';

function facts(ctx: Ctx, row: DatasetRow, data: DatasetPageData): Html {
  const { t } = ctx;
  const publisher = ctx.lang === 'en' ? row.publisher_name_en : row.publisher_name;
  const lic = licenseUrl(row.license);
  const periods = data.indicators
    .flatMap((i) => [i.periodStart, i.periodEnd])
    .filter(Boolean)
    .sort();
  const start = row.temporal_start ?? periods[0];
  const end = row.temporal_end ?? periods[periods.length - 1];
  const item = (label: string, value: Html | string | null | undefined) =>
    value ? html`<dt>${label}</dt><dd>${value}</dd>` : '';
  return html`<dl class="facts">
    ${item(t('publisher'), html`<a href="${ctx.href('/datasets', { publisher: row.publisher_code })}">${publisher}</a>`)}
    ${item(t('themes'), html`${row.themes.map((th, i) => html`${i ? ', ' : ''}<a href="${ctx.href('/datasets', { theme: th })}">${ctx.theme(th)}</a>`)}`)}
    ${item(t('kind'), ctx.label('kind', row.kind))}
    ${item(t('access'), ctx.label('access', row.access))}
    ${item(t('license'), lic ? html`<a href="${lic}" rel="license noopener">${row.license}</a>` : row.license)}
    ${item(t('frequency'), row.update_frequency ? ctx.label('freq', row.update_frequency) : null)}
    ${item(t('version'), `${row.version} · ${t('rows', { n: ctx.num(row.row_count) })}`)}
    ${item(t('modified'), ctx.date(row.modified))}
    ${item(t('issued'), ctx.date(row.issued))}
    ${item(t('temporal'), start || end ? `${ctx.date(start)} – ${ctx.date(end)}` : null)}
    ${item(t('spatial'), data.spatial ? html`<a href="${ctx.href(`/areas/${data.spatial.code}`, { at: data.spatial.at })}">${data.spatial.name}</a>` : null)}
    ${item(t('keywords'), row.keywords.join(', '))}
    ${item(t('contact'), row.contact_email)}
  </dl>`;
}

function dictionary(ctx: Ctx, row: DatasetRow, data: DatasetPageData): Html {
  const { t } = ctx;
  const fields = dictionaryOf(row).fields;
  const indicators = data.indicators.length
    ? html`<h3>${t('indicators')}</h3>${scrollTable(
        t('indicators'),
        html`<table><thead><tr><th scope="col">${t('codeCol')}</th><th scope="col">${t('titleCol')}</th><th scope="col">${t('unitCol')}</th><th scope="col">${t('periodsCol')}</th></tr></thead>
        <tbody>${data.indicators.map(
          (
            i,
          ) => html`<tr><td><code>${i.code}</code></td><td>${ctx.lang === 'en' && i.nameEn ? i.nameEn : i.name}</td><td>${i.unit}</td>
            <td>${ctx.date(i.periodStart)} – ${ctx.date(i.periodEnd)}</td></tr>`,
        )}</tbody></table>`,
      )}`
    : '';
  return html`<section aria-labelledby="dict-h"><h2 id="dict-h">${t('dictionary')}</h2>${scrollTable(
    t('dictionary'),
    html`<table><thead><tr><th scope="col">${t('fieldCol')}</th><th scope="col">${t('titleCol')}</th><th scope="col">${t('typeCol')}</th><th scope="col">${t('unitCol')}</th><th scope="col">${t('descriptionCol')}</th></tr></thead>
    <tbody>${fields.map(
      (
        f,
      ) => html`<tr><td><code>${f.name}</code>${f.constraints?.required ? html` <span class="meta">(${t('required')})</span>` : ''}</td>
        <td>${f.title ?? ''}</td><td>${f.type}</td><td>${f.unit ?? ''}</td>
        <td>${f.description ?? ''}${f.constraints?.enum ? html` <span class="meta">[${f.constraints.enum.join(', ')}]</span>` : ''}</td></tr>`,
    )}</tbody></table>`,
  )}${indicators}</section>`;
}

function sources(ctx: Ctx, row: DatasetRow, data: DatasetPageData): Html | '' {
  const { t } = ctx;
  const figures = [...new Set(data.observations.map((o) => o.source).filter((s): s is string => !!s))];
  if (!row.sources.length && !figures.length) return '';
  return html`<section aria-labelledby="src-h"><h2 id="src-h">${t('sources')}</h2>
    ${row.sources.length ? html`<ul>${row.sources.map((s) => html`<li>${safeUrl(s.url) ? html`<a href="${safeUrl(s.url)}" rel="nofollow noopener">${s.title}</a>` : s.title}</li>`)}</ul>` : ''}
    ${figures.length ? html`<h3>${t('figureSources')}</h3><ul>${figures.map((s) => html`<li>${maybeLink(s)}</li>`)}</ul>` : ''}
  </section>`;
}

function history(ctx: Ctx, row: DatasetRow, data: DatasetPageData): Html {
  const { t } = ctx;
  const base = `/datasets/${encodeURIComponent(row.id)}`;
  return html`<section aria-labelledby="hist-h"><h2 id="hist-h">${t('history')}</h2>${scrollTable(
    t('history'),
    html`<table><thead><tr><th scope="col">${t('versionCol')}</th><th scope="col">${t('dateCol')}</th><th scope="col" class="num">${t('rows', { n: '' }).trim()}</th><th scope="col">${t('changesCol')}</th><th scope="col">${t('fileCol')}</th></tr></thead>
    <tbody>${data.versions.map(
      (
        v,
      ) => html`<tr><td><a href="${ctx.href(base, { version: v.version === row.version ? undefined : v.version })}#preview">${t('viewVersion', { n: v.version })}</a>${v.version === row.version ? ` (${t('current')})` : ''}</td>
        <td>${ctx.date(v.createdAt)}</td><td class="num">${ctx.num(v.rowCount)}</td>
        <td>+${ctx.num(v.added)} / ~${ctx.num(v.changed)} / −${ctx.num(v.removed)}</td><td>${v.fileName ?? v.note ?? ''}</td></tr>`,
    )}</tbody></table>`,
  )}<p class="meta"><a href="/v1/datasets/${encodeURIComponent(row.id)}/versions">/v1/datasets/${row.id}/versions</a></p></section>`;
}

export function datasetPage(ctx: Ctx, row: DatasetRow, data: DatasetPageData): string {
  const en = ctx.lang === 'en';
  const title = en && row.title_en ? row.title_en : row.title;
  const description = en && row.description_en ? row.description_en : row.description;
  const body = html`
  <nav aria-label="${ctx.t('breadcrumb')}" class="meta"><a href="${ctx.href('/datasets')}">${ctx.t('navDatasets')}</a> › ${row.id}</nav>
  <h1${viText(ctx, !row.title_en)}>${title}${accessBadge(ctx, row.access)}</h1>
  ${description ? html`<div${viText(ctx, !row.description_en)}>${description.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>` : ''}
  ${downloadsBlock(ctx, row)}
  <section class="facts" aria-labelledby="facts-h"><h2 id="facts-h" class="sr-only">${ctx.t('factsTitle')}</h2>${facts(ctx, row, data)}</section>
  ${visualsBlock(ctx, row, data, one(ctx.query, '_chart'))}
  ${previewBlock(ctx, row.id, dictionaryOf(row).fields, previewParams(ctx.query), data.preview)}
  ${dictionary(ctx, row, data)}
  ${sources(ctx, row, data)}
  ${history(ctx, row, data)}
  ${examplesBlock(ctx, row)}`;
  return layout(ctx, { title, description, body, head: jsonLd(ctx, row, data), nav: 'datasets' });
}
