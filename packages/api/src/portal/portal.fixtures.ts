import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, ingestFile } from '@kho/ingest';
import { type Database, datasetInput } from '@kho/schema';
import { createKey } from '../modules/keys/keys.service';

/** Test datasets for the portal's suites: a health registry with points, a tourism series, a hostile title, a restricted dataset. */
export const HOSTILE_TITLE = '<script>alert(1)</script> Bệnh viện "Hòa Bình" & Co';
export const IDS = {
  facilities: 'portal-co-so-y-te',
  tourism: 'portal-du-lich',
  hostile: 'portal-hostile',
  restricted: 'portal-ho-so-mat',
} as const;

const dir = mkdtempSync(join(tmpdir(), 'kho-portal-'));
const csv = (rows: (string | number)[][]) =>
  `${rows.map((r) => r.map((c) => csvField(String(c))).join(',')).join('\n')}\n`;

const FACILITIES: [string, string, number, string, number, number][] = [
  ['Bệnh viện Đa khoa tỉnh Bình Định', 'hospital', 1200, 'TP. Quy Nhơn', 13.7725, 109.2236],
  ['Bệnh viện Lao và Bệnh phổi tỉnh', 'hospital', 250, 'TP. Quy Nhơn', 13.7931, 109.2101],
  ['Trung tâm Y tế thị xã An Nhơn', 'hospital', 310, 'Thị xã An Nhơn', 13.8889, 109.1097],
  ['Trung tâm Y tế huyện Tây Sơn', 'hospital', 270, 'Huyện Tây Sơn', 13.9497, 108.9006],
  ['Trung tâm Y tế huyện Phù Cát', 'hospital', 220, 'Huyện Phù Cát', 14.0037, 109.0556],
  ['Trung tâm Y tế huyện Phù Mỹ', 'hospital', 200, 'Huyện Phù Mỹ', 14.1744, 109.0511],
  ['Trung tâm Y tế thị xã Hoài Nhơn', 'hospital', 280, 'Thị xã Hoài Nhơn', 14.4267, 109.0188],
  ['Trung tâm Y tế huyện Hoài Ân', 'hospital', 150, 'Huyện Hoài Ân', 14.3486, 108.9003],
  ['Trung tâm Y tế huyện An Lão', 'hospital', 90, 'Huyện An Lão', 14.5261, 108.8978],
  ['Trung tâm Y tế huyện Vĩnh Thạnh', 'hospital', 80, 'Huyện Vĩnh Thạnh', 14.1304, 108.7755],
  ['Trung tâm Y tế huyện Vân Canh', 'hospital', 70, 'Huyện Vân Canh', 13.6213, 108.999],
  ['Trung tâm Y tế huyện Tuy Phước', 'hospital', 180, 'Huyện Tuy Phước', 13.8283, 109.1563],
  ['Trạm Y tế phường Nhơn Bình', 'health-station', 5, 'TP. Quy Nhơn', 13.811, 109.196],
];

const SOURCE_2018 = 'http://kimcuonghotel.vn/binh-dinh-luong-khach-va-doanh-thu-du-lich-nam-2018-tang-kha';
const SOURCE_2019 =
  'https://thanhnien.vn/binh-dinh-tung-bung-khai-mac-le-hoi-du-lich-nam-2022-post1453915.html';
const SOURCE_2023 =
  'http://vinhphuctv.vn/Quản-trị/Tin-tức-chung/ID/345254/Binh-inh-on-5-trieu-luot-khach-nam-2023';
const SOURCE_2024 =
  'https://baogialai.com.vn/giam-hon-ngan-chuyen-bay-doanh-thu-du-lich-cua-binh-dinh-van-dat-ti-do-post302598.html';
const HEAD = [
  'indicator_code',
  'indicator',
  'indicator_en',
  'unit',
  'additive',
  'area_code',
  'area_name',
  'period',
  'value',
  'flag',
  'source',
];
const ARRIVALS = ['visitor-arrivals', 'Lượt khách du lịch', 'visitor arrivals', 'lượt khách', 'true'];
const ROOMS = [
  'test-rooms',
  'Số phòng lưu trú (số liệu thử)',
  'accommodation rooms (test figures)',
  'phòng',
  'true',
];

async function load(
  database: Database,
  id: string,
  name: string,
  body: string,
  adapter: string,
  meta: unknown,
) {
  const file = join(dir, `${id}-${database.engine}-${name}`);
  writeFileSync(file, body);
  const r = await ingestFile(database, {
    dataset: id,
    file,
    adapter,
    meta: datasetInput.parse(meta),
    actor: 'test',
  });
  if (r.status !== 'loaded') throw new Error(`${id}: ${r.status} ${JSON.stringify(r.errors?.slice(0, 3))}`);
}

export async function loadPortalFixtures(database: Database) {
  const facilities = csv([
    ['id', 'name', 'type', 'beds', 'district', 'lat', 'lon'],
    ...FACILITIES.map((f, i) => [i + 1, ...f]),
  ]);
  await load(database, IDS.facilities, 'facilities.csv', facilities, 'records', {
    title: 'Cơ sở y tế tỉnh Bình Định (dữ liệu thử)',
    titleEn: 'Health facilities of Bình Định (test data)',
    description: 'Bệnh viện, trung tâm y tế và trạm y tế, có số giường bệnh và tọa độ.',
    descriptionEn: 'Hospitals, health centres and stations, with beds and coordinates.',
    publisher: 'SYT',
    themes: ['health'],
    keywords: ['bệnh viện', 'giường bệnh'],
    updateFrequency: 'annual',
    spatialCode: '52',
    sources: [{ title: 'Sở Y tế (dữ liệu thử)', url: 'https://syt.binhdinh.gov.vn/' }],
  });
  const tourism = csv([
    HEAD,
    [...ARRIVALS, '52', 'Bình Định', '2018', 4090000, 'lower_bound', SOURCE_2018],
    [...ARRIVALS, '52', 'Bình Định', '2019', 5000000, 'approximate', SOURCE_2019],
    [...ARRIVALS, '52', 'Bình Định', '2023', 5000000, 'lower_bound', SOURCE_2023],
    [...ARRIVALS, '52', 'Bình Định', '2024', 9200000, '', SOURCE_2024],
    [...ROOMS, '540', 'Thành phố Quy Nhơn', '2023', 6100, '', ''],
    [...ROOMS, '549', 'Thị xã An Nhơn', '2023', 420, '', ''],
    [...ROOMS, '547', 'Huyện Tây Sơn', '2023', 350, '', ''],
    [...ROOMS, '543', 'Thị xã Hoài Nhơn', '2023', 510, '', ''],
  ]);
  await load(database, IDS.tourism, 'tourism.csv', tourism, 'indicators', {
    title: 'Lượt khách du lịch đến Bình Định',
    titleEn: 'Visitor arrivals in Bình Định',
    description: 'Lượt khách du lịch theo năm, từ báo chí và Sở Du lịch.',
    publisher: 'SDL',
    themes: ['tourism'],
    updateFrequency: 'annual',
  });
  await load(
    database,
    IDS.hostile,
    'hostile.csv',
    csv([
      ['id', 'name'],
      [1, '<img src=x onerror=alert(2)>'],
      [2, '"></td><script>alert(3)</script>'],
    ]),
    'records',
    { title: HOSTILE_TITLE, description: '<b>not bold</b> y tế', publisher: 'SYT', themes: ['health'] },
  );
  await load(
    database,
    IDS.restricted,
    'restricted.csv',
    csv([
      ['id', 'name'],
      [1, 'Hồ sơ A'],
    ]),
    'records',
    {
      title: 'Hồ sơ y tế mật (thử)',
      description: 'Chỉ cơ quan được cấp quyền mới thấy.',
      publisher: 'SYT',
      themes: ['health'],
      access: 'restricted',
    },
  );
  const granted = await createKey(database.db, {
    agency: 'SYT',
    name: 'portal test',
    scopes: [`read:dataset:${IDS.restricted}`],
  });
  const other = await createKey(database.db, {
    agency: 'SGDDT',
    name: 'portal test, not granted',
    scopes: ['read:shared'],
  });
  return { key: granted.key, otherKey: other.key };
}
