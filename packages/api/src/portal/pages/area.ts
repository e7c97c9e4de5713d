import {
  type AreaDetail,
  type AreaLink,
  type AreaSummary,
  type Executor,
  observationsQuery,
} from '@kho/schema';
import type { Principal } from '../../lib/policy';
import { getArea } from '../../modules/areas/areas.queries';
import { listObservations } from '../../modules/observations/observations.queries';
import { canMap, mapSvg, PROVINCE_CODE } from '../charts/map';
import { periodLabel } from '../charts/pick';
import { scrollTable, viText } from '../components';
import type { Ctx } from '../context';
import { type Html, html } from '../html';
import { layout } from '../layout';

const MAX_OBSERVATIONS = 1000;

export async function loadArea(db: Executor, code: string, at: string | undefined, viewer: Principal) {
  const [area, observations] = await Promise.all([
    getArea(db, code, at),
    listObservations(db, observationsQuery.parse({ area: code, limit: String(MAX_OBSERVATIONS) }), viewer),
  ]);
  // A reused code: only the figures recorded for this unit (its name), not a namesake's.
  return { area, observations: observations.items.filter((o) => o.areaName === area.name) };
}

/** The last day a unit was in force: its relatives are read on that day. */
function lastDay(a: Pick<AreaSummary, 'validTo'>): string | undefined {
  if (!a.validTo) return undefined;
  const d = new Date(`${a.validTo}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function areaLink(ctx: Ctx, a: AreaSummary): Html {
  return html`<a href="${ctx.href(`/areas/${encodeURIComponent(a.code)}`, { at: lastDay(a) ?? a.validFrom ?? undefined })}">${a.name}</a> <span class="meta">(${a.code})</span>`;
}

function links(ctx: Ctx, title: string, items: AreaLink[]): Html | '' {
  if (!items.length) return '';
  return html`<h3>${title}</h3><ul>${items.map(
    (
      l,
    ) => html`<li>${l.inReferenceData ? areaLink(ctx, l) : html`${l.name} <span class="meta">(${l.code})</span>`} —
      ${ctx.date(l.date)}, ${ctx.label('kind', l.kind)}, ${ctx.label('share', l.share)}</li>`,
  )}</ul>`;
}

function mapFor(ctx: Ctx, area: AreaDetail): Html | '' {
  const codes = new Set<string>();
  if (canMap(area.code) && (area.level !== 'province' || area.validTo)) codes.add(area.code);
  if (area.parentCode && canMap(area.parentCode) && area.parentCode !== PROVINCE_CODE)
    codes.add(area.parentCode);
  for (const l of area.predecessors)
    if (l.parentCode && canMap(l.parentCode) && l.parentCode !== PROVINCE_CODE) codes.add(l.parentCode);
  if (!codes.size) return '';
  const title = ctx.t('mapArea', { name: area.name });
  return html`<figure class="map">${mapSvg(ctx, { id: 'area-map', title, highlight: codes })}
    <figcaption>${title}. ${ctx.t('mapNote')}</figcaption></figure>`;
}

export function areaPage(ctx: Ctx, data: Awaited<ReturnType<typeof loadArea>>): string {
  const { t } = ctx;
  const { area, observations } = data;
  const byIndicator = new Map<string, typeof observations>();
  for (const o of observations) byIndicator.set(o.indicator, [...(byIndicator.get(o.indicator) ?? []), o]);
  const validity = t('validFromTo', {
    from: area.validFrom ? ctx.date(area.validFrom) : t('sinceBefore'),
    to: area.validTo ? ctx.date(area.validTo) : t('untilNow'),
  });
  const indicators = byIndicator.size
    ? scrollTable(
        t('areaIndicators'),
        html`<table><thead><tr><th scope="col">${t('indicators')}</th><th scope="col" class="num">${t('latest')}</th><th scope="col">${t('series')}</th><th scope="col">${t('datasetCol')}</th></tr></thead>
        <tbody>${[...byIndicator.values()].map((list) => {
          const sorted = [...list].sort((a, b) => a.periodStart.localeCompare(b.periodStart));
          const last = sorted[sorted.length - 1]!;
          return html`<tr><th scope="row"${viText(ctx)}>${last.indicatorName}</th>
            <td class="num">${ctx.num(last.value)} ${last.unit}${last.flag ? html` <span class="meta">(${ctx.label('flag', last.flag)})</span>` : ''}<br><span class="meta">${periodLabel(last)}</span></td>
            <td>${sorted.map((o, i) => html`${i ? '; ' : ''}${periodLabel(o)}: ${ctx.num(o.value)}`)}</td>
            <td><a href="${ctx.href(`/datasets/${encodeURIComponent(last.dataset)}`)}">${last.dataset}</a></td></tr>`;
        })}</tbody></table>`,
      )
    : html`<p>${t('noAreaIndicators')}</p>`;
  const body = html`
  <nav aria-label="${t('breadcrumb')}" class="meta">${t('areasTitle')} › ${area.code}</nav>
  <h1>${area.name}</h1>
  <div class="grid two"><div>
  <dl class="facts">
    <dt>${t('areaCode')}</dt><dd>${area.code}</dd>
    <dt>${t('areaType')}</dt><dd>${area.type}</dd>
    <dt>${t('areaLevel')}</dt><dd>${ctx.label('level', area.level)}</dd>
    <dt>${t('validity')}</dt><dd>${validity}</dd>
    ${area.ancestors.length ? html`<dt>${t('parent')}</dt><dd>${area.ancestors.map((a, i) => html`${i ? ' › ' : ''}${areaLink(ctx, a)}`)}</dd>` : ''}
  </dl>
  ${area.predecessors.length || area.successors.length ? html`<p class="note">${t('reformNote')}</p>` : ''}
  ${links(ctx, t('predecessors'), area.predecessors)}
  ${links(ctx, t('successors'), area.successors)}
  ${area.children.length ? html`<h3>${t('children')} (${area.children.length})</h3><ul class="chips">${area.children.map((c) => html`<li>${areaLink(ctx, c)}</li>`)}</ul>` : ''}
  ${area.versions.length > 1 ? html`<h3>${t('codeVersions')}</h3><ul>${area.versions.map((v) => html`<li>${areaLink(ctx, v)} — ${v.validFrom ? ctx.date(v.validFrom) : t('sinceBefore')} → ${v.validTo ? ctx.date(v.validTo) : t('untilNow')}</li>`)}</ul>` : ''}
  </div><div>${mapFor(ctx, area)}</div></div>
  <section aria-labelledby="ind-h"><h2 id="ind-h">${t('areaIndicators')}</h2>${indicators}</section>
  <p class="meta"><a href="/v1/areas/${encodeURIComponent(area.code)}${area.validTo ? `?at=${lastDay(area)}` : ''}">/v1/areas/${area.code}</a> ·
    <a href="/v1/observations?area=${encodeURIComponent(area.code)}">/v1/observations?area=${area.code}</a></p>`;
  return layout(ctx, { title: area.name, body });
}
