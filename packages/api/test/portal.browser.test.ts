import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, loadPortalFixtures } from '../src/portal/portal.fixtures';
import { createTestApp, type TestApp } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 812 };

// The system Chromium, never a downloaded browser; one engine is enough for the browser.
describe.skipIf(!existsSync(CHROMIUM))('the portal in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const open = async (path: string, viewport = DESKTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(base + path);
    return page;
  };

  beforeAll(async () => {
    t = await createTestApp('pglite');
    await loadPortalFixtures(t.database);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('searches "y te" from the home page and opens a health dataset with its map', async () => {
    const page = await open('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await page.getByLabel('Tìm bộ dữ liệu').fill('y te');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/\/datasets\?q=y\+te/);
    await page.getByRole('link', { name: 'Cơ sở y tế tỉnh Bình Định (dữ liệu thử)' }).click();
    await page.waitForURL(new RegExp(`/datasets/${IDS.facilities}$`));
    const map = page.locator('#map svg');
    expect(await map.getAttribute('role')).toBe('img');
    expect(await map.locator('circle.place').count()).toBe(13);
    expect(await map.locator('path.district').count()).toBe(11);
    const box = await map.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(200);
    await map.locator('circle.place').first().hover();
    await expect.poll(() => page.locator('.tip').textContent()).toContain('Bệnh viện Đa khoa tỉnh Bình Định');
    await page.context().close();
  });

  it('sorts the preview by a column, server-side, without JavaScript needed', async () => {
    const page = await open(`/datasets/${IDS.facilities}`);
    const firstBeds = () => page.locator('#preview tbody tr').first().locator('td').nth(3).textContent();
    await page.locator('#preview th a', { hasText: 'beds' }).click();
    await page.waitForURL(/sort=beds/);
    expect(await firstBeds()).toBe('5');
    expect(await page.locator('#preview th[aria-sort="ascending"]').count()).toBe(1);
    await page.locator('#preview th a', { hasText: 'beds' }).click();
    await page.waitForURL(/sort=-beds/);
    expect(await firstBeds()).toBe('1.200');
    await page.getByLabel('Trường', { exact: true }).selectOption('type');
    await page.getByLabel('Giá trị').fill('health-station');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/_value=health-station/);
    expect(await page.locator('#preview tbody tr').count()).toBe(1);
    await page.context().close();
  });

  it('draws the indicator chart over time, switches to English and downloads the CSV', async () => {
    const page = await open(`/datasets/${IDS.tourism}`);
    const chart = page.locator('#chart svg');
    expect((await chart.locator('path.line').getAttribute('d'))!.length).toBeGreaterThan(20);
    expect(await chart.locator('circle.dot').count()).toBe(4);
    expect((await chart.boundingBox())!.width).toBeGreaterThan(300);
    await chart.locator('circle.dot').last().hover();
    await expect.poll(() => page.locator('.tip').textContent()).toContain('9.200.000');
    expect(await page.locator('#map svg path.district').count()).toBe(11);

    await page.getByRole('link', { name: 'Switch to English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toContain('Visitor arrivals in Bình Định');
    expect(await page.locator('#dl-h').textContent()).toBe('Download');

    const [excel] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /CSV for Excel/ }).click(),
    ]);
    const bytes = readFileSync((await excel.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('Lượt khách du lịch');
    expect(text).toContain('Bình Định');
    expect(excel.suggestedFilename()).toBe(`${IDS.tourism}-v1.csv`);
    const [plain] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^CSV \(UTF-8\)/ }).click(),
    ]);
    const plainBytes = readFileSync((await plain.path())!);
    expect(plainBytes[0]).not.toBe(0xef);
    expect(plainBytes.toString('utf8')).toContain('Lượt khách du lịch');
    await page.context().close();
  });

  it('fits a 375 px phone and saves screenshots of home, a dataset and an area', async () => {
    const pages: [string, string][] = [
      ['home', '/'],
      ['dataset', `/datasets/${IDS.tourism}`],
      ['area', '/areas/540?at=2025-06-30'],
    ];
    for (const [name, path] of pages) {
      for (const [size, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const page = await open(path, viewport);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} ${size}`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: `${SHOTS}${name}-${size}.png`,
          fullPage: size === 'desktop' && name !== 'home',
        });
        await page.context().close();
      }
    }
    expect(existsSync(`${SHOTS}dataset-phone.png`)).toBe(true);
  });
});
