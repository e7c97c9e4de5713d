import { servedDatabase, sizes, startKho, startPeer } from '../lib/fixture';
import { compareLoad, loadNotes, loadSettings, pairedRatio, reqs, selected } from '../lib/load';
import type { Server } from '../lib/proc';
import { postScript, requireWrk } from '../lib/wrk';
import { atLeast, ceilingOfRowAbove, type Result, type WorkloadOptions } from './types';

// biome-ignore lint/suspicious/noExplicitAny: two servers' GraphQL answers, read by path
type Json = Record<string, any>;

export interface GraphQLCase {
  name: string;
  kho: string;
  postgraphile: string;
  /** Both answers reduced to the same comparable shape: rows, keys and values. */
  normalise: [(d: Json) => unknown, (d: Json) => unknown];
}

/** The three GraphQL queries, written for each server's schema with the same meaning and size. */
export function graphqlCases(smoke: boolean): GraphQLCase[] {
  const at = smoke ? '2017-01-15' : '2022-06-03';
  const [from, to] = smoke ? ['2017-01', '2017-03'] : ['2022-01', '2022-03'];
  const toEnd = `${to}-31`;
  return [
    {
      name: 'GraphQL: a dataset by primary key',
      kho: `{ dataset(id: "bench-facilities") { slug title version access } }`,
      postgraphile: `{ datasetByRowId(rowId: "bench-facilities") { rowId title version access } }`,
      normalise: [
        (d) => [d.dataset.slug, d.dataset.title, d.dataset.version, d.dataset.access.toLowerCase()],
        (d) => [
          d.datasetByRowId.rowId,
          d.datasetByRowId.title,
          d.datasetByRowId.version,
          d.datasetByRowId.access,
        ],
      ],
    },
    {
      name: 'GraphQL: 20 observations of a commune and indicator, with area and indicator, + totalCount',
      kho: `{ records(datasetId: "bench-indicators", first: 20, filter: {areaCode: "eq:21550", indicator: "eq:bench.indicator-01"}) { totalCount edges { node } } }`,
      postgraphile: `{ allObservations(first: 20, orderBy: PRIMARY_KEY_ASC, condition: {datasetId: "bench-indicators", areaCode: "21550", indicatorCode: "bench.indicator-01", versionTo: null}) { totalCount nodes { rowId indicatorCode areaCode periodStart periodEnd periodLabel value flag dimensions attributes indicatorByIndicatorCode { name unit } areaByAreaId { code name } } } }`,
      normalise: [
        (d) => [
          d.records.totalCount,
          d.records.edges.map(({ node: n }: Json) => [
            n._id,
            n.indicatorName,
            n.unit,
            n.areaName,
            n.periodEnd,
            n.value,
            n.dimensions,
          ]),
        ],
        (d) => [
          d.allObservations.totalCount,
          d.allObservations.nodes.map((n: Json) => [
            Number(n.rowId),
            n.indicatorByIndicatorCode.name,
            n.indicatorByIndicatorCode.unit,
            n.areaByAreaId.name,
            n.periodEnd,
            n.value,
            n.dimensions,
          ]),
        ],
      ],
    },
    {
      name: 'GraphQL: districts → communes → observations (a quarter of one indicator)',
      kho: `{ areas(level: DISTRICT, at: "${at}") { code name children { code name observations(indicator: "bench.indicator-01", periodFrom: "${from}", periodTo: "${to}") { periodStart value } } } }`,
      postgraphile: `{ areasAt(level: "district", at: "${at}") { nodes { code name children(atDate: "${at}") { nodes { code name observations(indicator: "bench.indicator-01", periodFrom: "${from}-01", periodTo: "${toEnd}") { nodes { periodStart value } } } } } } }`,
      normalise: [
        (d) =>
          d.areas.map((a: Json) => [
            a.code,
            a.children.map((c: Json) => [c.code, c.observations.map((o: Json) => [o.periodStart, o.value])]),
          ]),
        (d) =>
          d.areasAt.nodes.map((a: Json) => [
            a.code,
            a.children.nodes.map((c: Json) => [
              c.code,
              c.observations.nodes.map((o: Json) => [o.periodStart, o.value]),
            ]),
          ]),
      ],
    },
  ];
}

async function ask(s: Server, query: string): Promise<Json> {
  const r = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await r.json()) as { data?: Json; errors?: unknown[] };
  if (!r.ok || body.errors || !body.data)
    throw new Error(`${s.name} GraphQL ${r.status}: ${JSON.stringify(body).slice(0, 600)}`);
  return body.data;
}

/**
 * Kho's GraphQL (graphql-yoga + Pothos, a real server process) against PostGraphile 5 over its
 * own fresh copy of the same data, both with a pool of 10 connections, under the same wrk load,
 * both processes started afresh for every round (see compareLoad). Each query must give the same
 * rows and values on both, in every round, before it is timed.
 */
export async function graphqlWorkload(o: WorkloadOptions): Promise<Result[]> {
  requireWrk();
  const db = await servedDatabase('kho_bench_graphql', sizes(o.smoke));
  try {
    const kho = () => startKho(db.url, 10);
    const postgraphile = () =>
      startPeer('PostGraphile', 'postgraphile.ts', { DATABASE_URL: db.url, DB_POOL_SIZE: '10' }, [
        '--require',
        new URL('../peers/with-resolvers.cjs', import.meta.url).pathname,
      ]);
    const results: Result[] = [];
    for (const [i, c] of graphqlCases(o.smoke).entries()) {
      if (!selected(c.name)) continue;
      console.error(`  ${c.name} …`);
      const [k, r] = await compareLoad([kho, postgraphile], {
        paths: ['/graphql', '/graphql'],
        scripts: [
          postScript(`kho-${i}`, JSON.stringify({ query: c.kho })),
          postScript(`pgl-${i}`, JSON.stringify({ query: c.postgraphile })),
        ],
        ...loadSettings(o.smoke),
        check: ([a, b]) => sameRows(c, a!, b!),
      });
      const ratio = pairedRatio(k!, r!);
      results.push({
        workload: c.name,
        reference: 'PostGraphile 5.1.5 (Amber preset, grafserv/node), same database',
        kho: reqs(k!.rps),
        ref: reqs(r!.rps),
        ratio,
        ...atLeast(ratio, 1.5),
        extra: loadNotes(k!, r!, 'PostGraphile'),
      });
      if (i === 0) {
        // The ceiling on this query: the stack alone (yoga in Fastify, one resolver, one
        // prepared statement, no Kho code) against PostGraphile, measured the same way.
        const floor = () =>
          startPeer('graphql-yoga floor', 'yoga-floor.ts', { DATABASE_URL: db.url, DB_POOL_SIZE: '10' });
        const [fl, pg] = await compareLoad([floor, postgraphile], {
          paths: ['/graphql', '/graphql'],
          scripts: [
            postScript('floor', JSON.stringify({ query: c.kho })),
            postScript(`pgl-${i}-f`, JSON.stringify({ query: c.postgraphile })),
          ],
          ...loadSettings(o.smoke),
          // The floor answers Kho's query, so its answer is read with Kho's normaliser.
          check: ([a, b]) => sameRows(c, a!, b!),
        });
        const floorRatio = pairedRatio(fl!, pg!);
        results.push({
          workload: `${c.name}: the stack's ceiling (graphql-yoga 5 in Fastify, one resolver, one prepared statement, no Kho code)`,
          reference: 'PostGraphile 5.1.5, same database',
          kho: reqs(fl!.rps),
          ref: reqs(pg!.rps),
          ratio: floorRatio,
          ...ceilingOfRowAbove,
          extra: `Kho reaches ${((k!.rps / fl!.rps) * 100).toFixed(0)}% of this floor; ${loadNotes(fl!, pg!, 'PostGraphile')}`,
        });
      }
    }
    return results;
  } finally {
    await db.drop();
  }
}

/** Both servers give the same rows and values for the case: `a` answers Kho's query, `b` PostGraphile's. */
async function sameRows(c: GraphQLCase, a: Server, b: Server) {
  const x = c.normalise[0](await ask(a, c.kho));
  const y = c.normalise[1](await ask(b, c.postgraphile));
  if (JSON.stringify(x) !== JSON.stringify(y))
    throw new Error(
      `${c.name}: ${a.name} and ${b.name} differ:\n${JSON.stringify(x).slice(0, 500)}\n${JSON.stringify(y).slice(0, 500)}`,
    );
}
