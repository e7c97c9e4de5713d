import { type DatasetRow, DOWNLOAD_FORMATS } from '../../modules/catalog/catalog.queries';
import type { Ctx } from '../context';
import { type Html, html, jsonForScript } from '../html';
import type { DatasetPageData } from './dataset.data';

const LICENSES: Record<string, string> = {
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'ODbL-1.0': 'https://opendatacommons.org/licenses/odbl/1-0/',
  'ODC-BY-1.0': 'https://opendatacommons.org/licenses/by/1-0/',
};
export const licenseUrl = (license: string) => LICENSES[license] ?? null;

/**
 * Where the files come from: the public /v1 URLs; a signed-in key holder's non-open dataset
 * through /portal/v1 (the same download route, reading the sign-in cookie).
 */
export function downloadBase(ctx: Ctx, row: DatasetRow) {
  const prefix = row.access !== 'open' && ctx.principal.kind === 'key' ? '/portal' : '';
  return `${prefix}/v1/datasets/${encodeURIComponent(row.id)}/download`;
}

export function downloadsBlock(ctx: Ctx, row: DatasetRow): Html {
  const { t } = ctx;
  const base = downloadBase(ctx, row);
  const size = html`<small>${t('downloadSize', { n: ctx.num(row.row_count) })}</small>`;
  const items = [
    html`<li><a class="button" href="${base}.csv?bom=true" download>${t('csvExcel')}${size}</a></li>`,
    ...DOWNLOAD_FORMATS.map(
      ([format, mediaType, title]) =>
        html`<li><a class="button secondary" href="${base}.${format}" download type="${mediaType}">${format === 'csv' ? 'CSV (UTF-8)' : title.replace(/ \(.*\)$/, '')}${size}</a></li>`,
    ),
  ];
  return html`<section aria-labelledby="dl-h"><h2 id="dl-h">${t('downloads')}</h2><ul class="downloads">${items}</ul></section>`;
}

export function examplesBlock(ctx: Ctx, row: DatasetRow): Html {
  const { t } = ctx;
  const id = row.id;
  const u = ctx.publicUrl;
  const auth = row.access === 'open' ? '' : ` -H 'Authorization: Bearer <key>'`;
  const rest = [
    `curl${auth} '${u}/v1/datasets/${id}'`,
    `curl${auth} '${u}/v1/datasets/${id}/records?limit=10'`,
    `curl${auth} -o ${id}.csv '${u}/v1/datasets/${id}/download.csv?bom=true'`,
  ].join('\n');
  const query = `{ dataset(id: "${id}") { title version rowCount }\n  records(datasetId: "${id}", first: 10) { totalCount edges { node } } }`;
  const graphql = `curl${auth} -X POST '${u}/graphql' -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify({ query: query.replace(/\n\s*/g, ' ') })}'`;
  const ckan = `curl${auth} '${u}/api/3/action/datastore_search?resource_id=${id}&limit=10'`;
  return html`<section aria-labelledby="ex-h"><h2 id="ex-h">${t('examples')}</h2>
    <h3>${t('exampleRest')}</h3><pre><code>${rest}</code></pre>
    <h3>${t('exampleGraphql')}</h3><pre><code>${query}</code></pre><pre><code>${graphql}</code></pre>
    <h3>${t('exampleCkan')}</h3><pre><code>${ckan}</code></pre>
  </section>`;
}

/** schema.org/Dataset for search engines and harvesters. */
export function jsonLd(ctx: Ctx, row: DatasetRow, data: DatasetPageData): Html {
  const en = ctx.lang === 'en';
  const publisher = {
    '@type': 'GovernmentOrganization',
    name: en ? row.publisher_name_en : row.publisher_name,
    identifier: row.publisher_code,
  };
  const periods = data.indicators
    .flatMap((i) => [i.periodStart, i.periodEnd])
    .filter(Boolean)
    .sort();
  const start = row.temporal_start ?? periods[0];
  const end = row.temporal_end ?? periods[periods.length - 1];
  const doc: Record<string, unknown> = {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': `${ctx.publicUrl}/datasets/${row.id}`,
    name: en && row.title_en ? row.title_en : row.title,
    alternateName: en ? row.title : (row.title_en ?? undefined),
    description: (en && row.description_en ? row.description_en : row.description) || row.title,
    url: `${ctx.publicUrl}/datasets/${row.id}`,
    identifier: row.id,
    version: String(row.version),
    license: licenseUrl(row.license) ?? row.license,
    isAccessibleForFree: true,
    inLanguage: 'vi',
    creator: publisher,
    publisher,
    keywords: [...row.keywords, ...row.themes],
    dateCreated: row.issued,
    dateModified: row.modified,
    ...(start || end ? { temporalCoverage: `${start ?? '..'}/${end ?? '..'}` } : {}),
    ...(data.spatial
      ? { spatialCoverage: { '@type': 'Place', name: data.spatial.name, identifier: data.spatial.code } }
      : {}),
    variableMeasured: (row.kind === 'indicators'
      ? data.indicators.map((i) => (en && i.nameEn ? i.nameEn : i.name))
      : (row.table_schema?.fields ?? []).map((f) => f.title ?? f.name)
    ).slice(0, 100),
    distribution: DOWNLOAD_FORMATS.map(([format, mediaType, title]) => ({
      '@type': 'DataDownload',
      name: title,
      encodingFormat: mediaType,
      contentUrl: `${ctx.publicUrl}/v1/datasets/${row.id}/download.${format}`,
    })),
  };
  return html`<script type="application/ld+json">${jsonForScript(doc)}</script>`;
}
