import { datasetSearchQuery, type Executor } from '@kho/schema';
import { listAreas } from '../../modules/areas/areas.queries';
import { listPublishers, searchDatasets } from '../../modules/catalog/catalog.queries';
import { datasetItem, publisherName, searchForm } from '../components';
import type { Ctx } from '../context';
import { html } from '../html';
import { layout } from '../layout';

/** The last day of the old map: the districts existed until 1 July 2025. */
export const BEFORE_REFORM = '2025-06-30';

export async function homePage(db: Executor, ctx: Ctx): Promise<string> {
  const { t } = ctx;
  const [catalog, publishers, districts, then, now] = await Promise.all([
    searchDatasets(db, datasetSearchQuery.parse({ limit: 6 }), ctx.principal),
    listPublishers(db, ctx.principal),
    listAreas(db, { level: 'district', at: BEFORE_REFORM, limit: 50 }),
    listAreas(db, { level: 'province', at: BEFORE_REFORM, limit: 5 }),
    listAreas(db, { level: 'province', limit: 5 }),
  ]);
  const body = html`
  <h1>${t('siteName')}</h1>
  <p class="lead">${t('siteTagline')}</p>
  ${searchForm(ctx)}
  <div class="grid two">
    <div>
      <section aria-labelledby="themes-h">
        <h2 id="themes-h">${t('themes')}</h2>
        <ul class="chips">${catalog.facets.theme.map(
          (f) =>
            html`<li><a href="${ctx.href('/datasets', { theme: f.value })}">${ctx.theme(f.value)} <span class="count">(${ctx.num(f.count)})</span></a></li>`,
        )}</ul>
        <p><a href="${ctx.href('/datasets')}">${t('allDatasets')}</a> <span class="count">(${t('datasetsCount', { n: ctx.num(catalog.total) })})</span></p>
      </section>
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">${t('recent')}</h2>
        <ul class="results">${catalog.items.map((d) => datasetItem(ctx, d))}</ul>
      </section>
    </div>
    <div>
      <section class="panel" aria-labelledby="what-h">
        <h2 id="what-h">${t('whatTitle')}</h2>
        <p>${t('whatText')}</p>
        <h3>${t('howTitle')}</h3>
        <p>${t('howText')}</p>
        <pre><code>curl ${ctx.publicUrl}/v1/datasets?q=y+te</code></pre>
        <p><a href="${ctx.href('/about')}">${t('navApi')}</a> · <a href="/docs">OpenAPI</a> · <a href="/graphql">GraphQL</a></p>
      </section>
      <section aria-labelledby="pub-h">
        <h2 id="pub-h">${t('publishers')}</h2>
        <ul class="plain">${publishers.items
          .filter((p) => p.datasetCount > 0)
          .map(
            (p) =>
              html`<li><a href="${ctx.href('/datasets', { publisher: p.code })}">${publisherName(ctx, p)}</a> <span class="count">(${ctx.num(p.datasetCount)})</span></li>`,
          )}</ul>
      </section>
      <section aria-labelledby="areas-h">
        <h2 id="areas-h">${t('areasTitle')}</h2>
        <p>${t('areasIntro')}</p>
        <ul class="plain">
          ${then.items.map((a) => html`<li><a href="${ctx.href(`/areas/${a.code}`, { at: BEFORE_REFORM })}">${a.name}</a></li>`)}
          ${now.items.map((a) => html`<li><a href="${ctx.href(`/areas/${a.code}`)}">${a.name}</a> (${t('untilNow')})</li>`)}
          ${districts.items.map((a) => html`<li><a href="${ctx.href(`/areas/${a.code}`, { at: BEFORE_REFORM })}">${a.name}</a></li>`)}
        </ul>
      </section>
    </div>
  </div>`;
  return layout(ctx, { title: t('navHome'), description: t('whatText'), body, nav: 'home' });
}
