import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, loadPortalFixtures } from '../src/portal/portal.fixtures';
import { createTestApp, type TestApp } from './helpers';

/** What the acceptance check greps for: an absolute URL in a script, stylesheet or image. */
const EXTERNAL = /<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/[^"]*"/gi;

function jsonLd(body: string) {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body);
  return m ? (JSON.parse(m[1]!) as Record<string, any>) : null;
}
const themeCount = (body: string, theme = 'Y tế') =>
  Number(new RegExp(`${theme}(?:</a>)? <span class="count">\\((\\d+)\\)`).exec(body)?.[1] ?? 0);
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.each(testEngines())('portal pages on %s', (engine) => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadPortalFixtures(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('happy', () => {
    const pages = () => [
      '/',
      '/datasets',
      '/datasets?q=y%20te',
      `/datasets/${IDS.facilities}`,
      `/datasets/${IDS.tourism}`,
      '/areas/540?at=2025-06-30',
      '/areas/52',
      '/about',
      '/signin',
    ];
    it('serves every page as Vietnamese HTML whose assets all come from Kho', async () => {
      for (const url of pages()) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.body).toMatch(/^<!doctype html>\n<html lang="vi">/);
        expect(res.body.match(EXTERNAL) ?? [], url).toEqual([]);
        expect(res.body).toContain('<link rel="stylesheet" href="/assets/portal.css?v=');
        for (const m of res.body.matchAll(/<(?:input|select)\b(?![^>]*type="hidden")[^>]*>/g)) {
          const id = /\bid="([^"]+)"/.exec(m[0])?.[1];
          expect(id && res.body.includes(`<label for="${id}">`), `${url}: ${m[0]}`).toBe(true);
        }
      }
      const css = await get('/assets/portal.css');
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await get('/assets/portal.js')).headers['content-type']).toMatch(/^text\/javascript/);
      expect((await get('/assets/nothing.js')).statusCode).toBe(404);
    });

    it('switches every label and the dataset text to English with ?lang=en', async () => {
      const home = await get('/?lang=en');
      expect(home.body).toMatch(/<html lang="en">/);
      expect(home.body).toContain('Recently updated');
      expect(home.body).toContain('Health facilities of Bình Định (test data)');
      expect(home.body).not.toContain('Mới cập nhật');
      expect(home.body).toContain(`href="/datasets/${IDS.facilities}?lang=en"`);
      const page = await get(`/datasets/${IDS.facilities}?lang=en`);
      expect(page.body).toContain('<h1>Health facilities of Bình Định (test data)');
      expect(page.body).toContain('Hospitals, health centres and stations');
      expect(page.body).toContain('Data dictionary');
      expect(jsonLd(page.body)!.name).toBe('Health facilities of Bình Định (test data)');
      const missing = await get('/datasets/no-such-dataset?lang=en');
      expect(missing.body).toContain('There is no dataset “no-such-dataset”.');
    });

    it('finds the health datasets for "y te" and lists themes, publishers and recent datasets', async () => {
      const search = await get('/datasets?q=y%20te');
      expect(search.body).toContain('Cơ sở y tế tỉnh Bình Định (dữ liệu thử)');
      expect(search.body).not.toContain('Lượt khách du lịch đến Bình Định');
      const home = await get('/');
      expect(themeCount(home.body)).toBeGreaterThanOrEqual(2);
      expect(themeCount(home.body, 'Du lịch')).toBeGreaterThanOrEqual(1);
      expect(home.body).toContain('href="/datasets?publisher=SYT"');
      expect(home.body).toContain('<form class="search" role="search" method="get" action="/datasets">');
      expect(home.body).toContain('href="/areas/540?at=2025-06-30"');
    });

    it('pages the search with a cursor and narrows it with facets', async () => {
      const first = await get('/datasets?limit=2&sort=title');
      const next = /href="(\/datasets\?[^"]*cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
      expect(next).toBeDefined();
      const second = await get(next!.replace(/&amp;/g, '&'));
      expect(second.statusCode).toBe(200);
      const titles = (b: string) => [...b.matchAll(/<h3><a href="\/datasets\/([^"?]+)/g)].map((m) => m[1]);
      expect(titles(first.body)).toHaveLength(2);
      expect(titles(second.body).some((id) => titles(first.body).includes(id))).toBe(false);
      const health = await get('/datasets?theme=health');
      expect(titles(health.body)).toEqual(expect.arrayContaining([IDS.facilities, IDS.hostile]));
      expect(titles(health.body)).not.toContain(IDS.tourism);
      expect(health.body).toContain('aria-current="true">✓ Y tế');
      expect(health.body).toContain('GEOJSON');
    });

    it('shows a dataset: metadata, dictionary, versions, downloads, API examples and schema.org JSON-LD', async () => {
      const res = await get(`/datasets/${IDS.facilities}`);
      const b = res.body;
      expect(b).toContain('<h1>Cơ sở y tế tỉnh Bình Định (dữ liệu thử)');
      for (const f of ['csv', 'json', 'ndjson', 'geojson', 'xlsx'])
        expect(b).toContain(`href="/v1/datasets/${IDS.facilities}/download.${f}"`);
      expect(b).toContain(`href="/v1/datasets/${IDS.facilities}/download.csv?bom=true"`);
      expect(b).toContain('13 dòng');
      expect(b).toContain('<code>beds</code>');
      expect(b).toContain('Lịch sử phiên bản');
      const text = decode(b);
      expect(text).toContain(`curl 'http://kho.test/v1/datasets/${IDS.facilities}/records?limit=10'`);
      expect(text).toContain(`records(datasetId: "${IDS.facilities}", first: 10)`);
      expect(b).toContain(`/api/3/action/datastore_search?resource_id=${IDS.facilities}`);
      expect(b).toContain('href="https://syt.binhdinh.gov.vn/"');
      const ld = jsonLd(b)!;
      expect(ld).toMatchObject({
        '@context': 'https://schema.org/',
        '@type': 'Dataset',
        name: 'Cơ sở y tế tỉnh Bình Định (dữ liệu thử)',
        url: `http://kho.test/datasets/${IDS.facilities}`,
        license: 'https://creativecommons.org/licenses/by/4.0/',
        creator: { name: 'Sở Y tế' },
        publisher: { name: 'Sở Y tế' },
        keywords: expect.arrayContaining(['bệnh viện', 'health']),
        spatialCoverage: { '@type': 'Place', identifier: '52' },
      });
      expect(ld.description).toContain('Bệnh viện');
      expect(ld.distribution).toHaveLength(5);
      expect(ld.distribution[0]).toMatchObject({ '@type': 'DataDownload', encodingFormat: 'text/csv' });
      const tourism = jsonLd((await get(`/datasets/${IDS.tourism}`)).body)!;
      expect(tourism.temporalCoverage).toBe('2018-01-01/2024-12-31');
    });

    it('draws the indicator over time and maps the areas, citing each figure’s source', async () => {
      const b = (await get(`/datasets/${IDS.tourism}`)).body;
      const chart = /<section id="chart"[\s\S]*?<\/section>/.exec(b)![0];
      expect(chart).toContain('<svg role="img"');
      expect(chart).toMatch(/<path class="line" d="M[\d.]+,[\d.]+ L/);
      expect(chart.match(/<circle class="dot"/g)).toHaveLength(4);
      expect(chart).toContain('2024: 9.200.000 lượt khách');
      expect(chart).toContain('2018: 4.090.000 lượt khách (cận dưới (hơn))');
      expect(b).toContain(
        'href="https://baogialai.com.vn/giam-hon-ngan-chuyen-bay-doanh-thu-du-lich-cua-binh-dinh-van-dat-ti-do-post302598.html"',
      );
      const map = /<section id="map"[\s\S]*?<\/section>/.exec(b)![0];
      expect(map.match(/<path class="district" d="M/g)).toHaveLength(11);
      // By area: the other indicator, district by district.
      const rooms = (await get(`/datasets/${IDS.tourism}?_chart=test-rooms`)).body;
      expect(rooms.match(/<rect class="bar"/g)).toHaveLength(4);
      expect(rooms).toContain('Thành phố Quy Nhơn: 6.100 phòng (2023)');
      expect(rooms).toContain('<p class="legend">');
    });

    it('maps the facilities as points', async () => {
      const b = (await get(`/datasets/${IDS.facilities}`)).body;
      const map = /<section id="map"[\s\S]*?<\/section>/.exec(b)![0];
      expect(map.match(/<circle class="place"/g)).toHaveLength(13);
      expect(map).toContain('<title>Bệnh viện Đa khoa tỉnh Bình Định</title>');
    });

    it('sorts and filters the preview on the server with the REST grammar and with the form', async () => {
      const names = (b: string) =>
        [...b.matchAll(/<tr><td class="num">\d+<\/td><td class="">([^<]+)<\/td>/g)].map((m) => m[1]);
      const sorted = await get(`/datasets/${IDS.facilities}?sort=-beds`);
      expect(names(sorted.body)[0]).toBe('Bệnh viện Đa khoa tỉnh Bình Định');
      expect(sorted.body).toContain('aria-sort="descending"');
      const asc = await get(`/datasets/${IDS.facilities}?sort=beds`);
      expect(names(asc.body)[0]).toBe('Trạm Y tế phường Nhơn Bình');
      const filtered = await get(`/datasets/${IDS.facilities}?beds=gte:280&sort=name`);
      expect(names(filtered.body)).toEqual([
        'Bệnh viện Đa khoa tỉnh Bình Định',
        'Trung tâm Y tế thị xã An Nhơn',
        'Trung tâm Y tế thị xã Hoài Nhơn',
      ]);
      const viaForm = await get(
        `/datasets/${IDS.facilities}?_field=district&_op=eq&_value=TP.%20Qu%E1%BB%B3%20Nh%C6%A1n`,
      );
      expect(names(viaForm.body)).toHaveLength(0);
      const viaForm2 = await get(`/datasets/${IDS.facilities}?_field=type&_op=eq&_value=health-station`);
      expect(names(viaForm2.body)).toEqual(['Trạm Y tế phường Nhơn Bình']);
      const words = await get(`/datasets/${IDS.facilities}?q=tay%20son`);
      expect(names(words.body)).toEqual(['Trung tâm Y tế huyện Tây Sơn']);
      const paged = await get(`/datasets/${IDS.facilities}?limit=5&sort=id`);
      const next = /href="([^"]*cursor=[^"]+)" rel="next"/.exec(paged.body)![1]!.replace(/&amp;/g, '&');
      expect(names((await get(next)).body)[0]).toBe('Trung tâm Y tế huyện Phù Mỹ');
    });

    it('shows an area: unit, parent, children, the 2025 reform and its indicators', async () => {
      const b = (await get('/areas/540?at=2025-06-30')).body;
      expect(b).toContain('<h1>Thành phố Quy Nhơn</h1>');
      expect(b).toContain('Tỉnh Bình Định');
      expect(b).toMatch(/Đơn vị trực thuộc \(\d+\)/);
      expect(b).toContain('Phường Nhơn Bình');
      expect(b).toContain('Số phòng lưu trú (số liệu thử)');
      expect(b).toContain(`href="/datasets/${IDS.tourism}"`);
      expect(b).toMatch(/<svg role="img"[\s\S]*<path class="district"/);
      const reused = (await get('/areas/21553?at=2024-06-01')).body;
      expect(reused).toContain('<h1>Phường Nhơn Phú</h1>');
      expect(reused).toContain('Đơn vị kế tiếp');
      expect(reused).toMatch(/01\/07\/2025, (hợp nhất|chia tách|đổi tên|đổi mã), (toàn bộ|một phần)/);
      const now = (await get('/areas/21553')).body;
      expect(now).toContain('Tiền thân');
      const province = (await get('/areas/52?at=2024-01-01')).body;
      expect(province).toContain('Lượt khách du lịch');
      expect(province).toContain('2024: 9.200.000');
    });

    it('answers 304 to a dataset page’s ETag, and a new ETag per language and query', async () => {
      const url = `/datasets/${IDS.facilities}`;
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(new RegExp(`^"p-${IDS.facilities}-v1-`));
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await get(`${url}?lang=en`)).headers.etag).not.toBe(etag);
      expect((await get(`${url}?sort=beds`)).headers.etag).not.toBe(etag);
      const home = await get('/');
      expect((await get('/', { 'if-none-match': home.headers.etag as string })).statusCode).toBe(304);
      expect(first.headers['cache-control']).toBe('public, max-age=60');
      expect(first.headers.vary).toContain('Cookie');
    });
  });

  describe('errors', () => {
    it('answers an unknown dataset or area with a friendly HTML 404 in the chosen language', async () => {
      for (const [url, text] of [
        ['/datasets/no-such-dataset', 'Không có bộ dữ liệu “no-such-dataset”.'],
        ['/areas/99999', 'Không có đơn vị hành chính mã “99999”.'],
        ['/areas/abc', 'Không có đơn vị hành chính mã “abc”.'],
        ['/areas/99999?lang=en', 'There is no administrative unit with the code “99999”.'],
      ] as const) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.body).toContain(text);
        expect(res.body).toContain('<form class="search"');
        expect(res.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
      }
    });

    it('explains a bad filter inside the page and a bad date as a 400 page', async () => {
      const res = await get(`/datasets/${IDS.facilities}?beds=gte:many`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Bộ lọc không dùng được');
      expect(res.body).toContain('is not a number');
      const unknown = await get(`/datasets/${IDS.facilities}?nosuchfield=1`);
      expect(unknown.body).toContain('no field');
      // Names of Object.prototype are unknown fields too, not members of the parameters object.
      for (const name of ['__proto__', 'toString']) {
        const viaForm = await get(`/datasets/${IDS.facilities}?_field=${name}&_op=eq&_value=x`);
        expect(viaForm.body).toContain(`no field &quot;${name}&quot;`);
      }
      const date = await get('/areas/540?at=2025-02-30');
      expect(date.statusCode).toBe(400);
      expect(date.headers['content-type']).toBe('text/html; charset=utf-8');
      const cursor = await get('/datasets?cursor=garbage');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.headers['content-type']).toBe('text/html; charset=utf-8');
    });
  });
});
