import { foldForSearch } from '../../normalise/text';
import { indicatorTableAdapter } from '../indicators/index';

type Known = { code: string; nameEn: string; unit: string; additive: boolean };
const count = (code: string, nameEn: string, unit: string): Known => ({ code, nameEn, unit, additive: true });
const ratio = (code: string, nameEn: string, unit: string): Known => ({
  code,
  nameEn,
  unit,
  additive: false,
});
const names = (list: string[], value: Known): Record<string, Known> =>
  Object.fromEntries(list.map((n) => [foldForSearch(n), value]));

/** Common digital-transformation indicators by their usual names (folded), with stable codes. */
export const DIGITAL_INDICATORS: Record<string, Known> = {
  ...names(
    [
      'số trạm BTS',
      'trạm BTS',
      'số trạm thu phát sóng di động',
      'trạm thu phát sóng di động',
      'số trạm thu phát sóng di động (BTS)',
      'BTS stations',
      'mobile base stations',
      'mobile base transceiver stations',
    ],
    count('digital.bts-stations', 'mobile base transceiver stations (BTS)', 'trạm'),
  ),
  ...names(
    ['số trạm 5G', 'trạm 5G', 'trạm BTS 5G', '5G base stations', '5G stations'],
    count('digital.5g-stations', '5G base stations', 'trạm'),
  ),
  ...names(
    [
      'tỷ lệ phủ sóng 3G/4G',
      'tỷ lệ phủ sóng di động',
      'phủ sóng 3G, 4G',
      'mobile coverage',
      '3G/4G coverage',
    ],
    ratio('digital.mobile-coverage', '3G/4G mobile coverage', '%'),
  ),
  ...names(
    ['tỷ lệ dân số được phủ sóng 4G', 'population covered by 4G', '4G population coverage'],
    ratio('digital.4g-population-coverage', 'population covered by 4G', '%'),
  ),
  ...names(
    [
      'tỷ lệ hộ gia đình có cáp quang',
      'tỷ lệ hộ gia đình được phủ cáp quang',
      'tỷ lệ hộ gia đình được phủ hạ tầng băng rộng cáp quang',
      'households passed by fibre',
      'fibre household coverage',
    ],
    ratio('digital.fibre-household-coverage', 'households passed by fibre broadband', '%'),
  ),
  ...names(
    [
      'tỷ lệ xã có cáp quang',
      'tỷ lệ xã có hạ tầng băng rộng cáp quang',
      'tỷ lệ xã, phường, thị trấn có cáp quang',
      'communes with fibre',
      'fibre commune coverage',
    ],
    ratio('digital.fibre-commune-coverage', 'communes with fibre broadband', '%'),
  ),
  ...names(
    ['tỷ lệ thôn có cáp quang', 'villages with fibre', 'fibre village coverage'],
    ratio('digital.fibre-village-coverage', 'villages with fibre broadband', '%'),
  ),
  ...names(
    ['thuê bao băng rộng cố định', 'số thuê bao băng rộng cố định', 'fixed broadband subscriptions'],
    count('digital.fixed-broadband-subscriptions', 'fixed broadband subscriptions', 'thuê bao'),
  ),
  ...names(
    ['thuê bao di động', 'số thuê bao di động', 'mobile subscriptions'],
    count('digital.mobile-subscriptions', 'mobile subscriptions', 'thuê bao'),
  ),
  ...names(
    [
      'tỷ lệ hộ gia đình có điện thoại thông minh',
      'hộ gia đình có điện thoại thông minh',
      'households with a smartphone',
    ],
    ratio('digital.smartphone-households', 'households with a smartphone', '%'),
  ),
  ...names(
    ['xếp hạng DTI', 'chỉ số DTI', 'xếp hạng chỉ số chuyển đổi số', 'DTI rank', 'DTI ranking'],
    ratio('digital.dti-rank', 'DTI provincial digital transformation index rank', 'hạng/63'),
  ),
  ...names(
    ['điểm DTI', 'điểm chỉ số chuyển đổi số', 'DTI score'],
    ratio('digital.dti-score', 'DTI provincial digital transformation index score', 'điểm'),
  ),
  ...names(
    [
      'tỷ lệ dịch vụ công trực tuyến toàn trình',
      'dịch vụ công trực tuyến toàn trình',
      'full-process online public services',
    ],
    ratio('digital.online-public-services-full', 'full-process online public services', '%'),
  ),
  ...names(
    ['tỷ lệ hồ sơ trực tuyến', 'tỷ lệ hồ sơ giải quyết trực tuyến', 'online applications share'],
    ratio('digital.online-applications-share', 'applications filed online', '%'),
  ),
};

/** Digital infrastructure and transformation: BTS stations, coverage, fibre, DTI ranks. */
export const digitalAdapter = indicatorTableAdapter({
  name: 'digital',
  description:
    'Digital transformation indicators: trạm BTS, phủ sóng 3G/4G/5G, cáp quang, chỉ số DTI …; long or wide tables',
  defaults: {
    title: 'Chuyển đổi số',
    titleEn: 'Digital transformation',
    publisher: 'SKHCN',
    themes: ['digital'],
    keywords: ['chuyển đổi số', 'BTS', 'cáp quang', 'DTI', 'digital transformation'],
  },
  dimensions: {
    operator: ['doanh nghiep', 'nha mang', 'doanh nghiep vien thong', 'operator', 'carrier'],
    technology: ['cong nghe', 'technology', 'network'],
  },
  knownIndicators: DIGITAL_INDICATORS,
});
