import type { DatasetRow } from '../../modules/catalog/catalog.queries';
import { barChart } from '../charts/bars';
import { lineChart } from '../charts/line';
import { canMap, type MapValue, mapLegend, mapSvg, PROVINCE_CODE } from '../charts/map';
import { latestByArea, type Point, planChart } from '../charts/pick';
import { maybeLink, scrollTable } from '../components';
import type { Ctx } from '../context';
import { type Html, html } from '../html';
import type { DatasetPageData } from './dataset.data';

function dataTable(ctx: Ctx, points: Point[], unit: string, byArea: boolean): Html {
  const { t } = ctx;
  return html`<details><summary>${t('chartData')}</summary>${scrollTable(
    t('chartData'),
    html`<table><thead><tr><th scope="col">${byArea ? t('areaTitle') : t('dateCol')}</th><th scope="col" class="num">${unit}</th><th scope="col">${t('sources')}</th></tr></thead>
    <tbody>${points.map(
      (p) =>
        html`<tr><th scope="row">${byArea ? p.areaName : p.label}</th><td class="num">${ctx.num(p.value)}${p.flag ? html` <span class="meta">(${ctx.label('flag', p.flag)})</span>` : ''}</td><td>${maybeLink(p.source)}</td></tr>`,
    )}</tbody></table>`,
  )}</details>`;
}

/** The chart (indicator over time or by area) and the map (areas or points), where the data allows. */
export function visualsBlock(ctx: Ctx, row: DatasetRow, data: DatasetPageData, asked?: string): Html | '' {
  const { t } = ctx;
  const names = new Map(
    data.indicators.map((i) => [i.code, ctx.lang === 'en' && i.nameEn ? i.nameEn : i.name]),
  );
  const plan = row.kind === 'indicators' ? planChart(data.observations, asked) : null;
  const nameOf = (code: string) => names.get(code) ?? code;
  let chart: Html | '' = '';
  if (plan) {
    const picker =
      data.indicators.length > 1
        ? html`<form method="get" action="/datasets/${encodeURIComponent(row.id)}#chart" class="search">
        <div class="field"><label for="chart-pick">${t('chartPick')}</label><select id="chart-pick" name="_chart">
        ${data.indicators.map((i) => html`<option value="${i.code}"${i.code === plan.code ? html` selected` : ''}>${names.get(i.code)}</option>`)}
        </select></div>${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button type="submit">${t('chartShow')}</button></form>`
        : '';
    let figure: Html | string = html`<p class="note">${t('chartSingle')}</p>`;
    if (plan.kind === 'time') {
      const title = `${t('chartOverTime', { name: nameOf(plan.code), unit: plan.unit })} — ${plan.areaName}`;
      figure = html`<figure class="chart">${lineChart(ctx, 'chart-svg', title, plan.unit, plan.points)}
        <figcaption>${title}</figcaption></figure>${dataTable(ctx, plan.points, plan.unit, false)}`;
    } else if (plan.kind === 'areas') {
      const title = t('chartByArea', { name: nameOf(plan.code), period: plan.period, unit: plan.unit });
      figure = html`<figure class="chart">${barChart(ctx, 'chart-svg', title, plan.unit, plan.points)}
        <figcaption>${title}</figcaption></figure>${dataTable(ctx, plan.points, plan.unit, true)}`;
    }
    chart = html`<section id="chart" aria-labelledby="chart-h"><h2 id="chart-h">${t('chart')}</h2>${picker}${figure}</section>`;
  }

  let map: Html | '' = '';
  if (row.kind === 'table' && data.points.length) {
    const title = t('mapPoints', { n: ctx.num(data.points.length) });
    map = html`<figure class="map">${mapSvg(ctx, { id: 'map-svg', title, points: data.points })}
      <figcaption>${title}. ${t('mapNote')}</figcaption></figure>`;
  } else if (plan?.code) {
    const latest = latestByArea(data.observations, plan.code);
    const values = new Map<string, MapValue>(
      [...latest.entries()]
        .filter(([c]) => canMap(c))
        .map(([c, p]) => [c, { value: p.value, label: p.label }]),
    );
    if (values.size) {
      const unit = data.observations.find((o) => o.indicator === plan.code)?.unit ?? '';
      const title = `${t('mapAreas')}: ${nameOf(plan.code)}`;
      map = html`<figure class="map">${mapSvg(ctx, { id: 'map-svg', title, values, unit })}
        ${mapLegend(ctx, values, unit)}<figcaption>${title}. ${t('mapNote')}</figcaption></figure>`;
    }
  }
  if (
    !map &&
    data.spatial &&
    canMap(data.spatial.code) &&
    !(data.spatial.code === PROVINCE_CODE && data.spatial.inForce)
  ) {
    // No places in the rows: the map shows the dataset's spatial coverage instead.
    const title = `${t('spatial')}: ${data.spatial.name}`;
    map = html`<figure class="map">${mapSvg(ctx, { id: 'map-svg', title, highlight: new Set([data.spatial.code]) })}
      <figcaption>${title}. ${t('mapNote')}</figcaption></figure>`;
  }
  const mapSection = map
    ? html`<section id="map" aria-labelledby="map-h"><h2 id="map-h">${t('map')}</h2>${map}</section>`
    : '';
  return chart || mapSection
    ? html`<div class="visuals${chart && mapSection ? ' both' : ''}">${chart}${mapSection}</div>`
    : '';
}
