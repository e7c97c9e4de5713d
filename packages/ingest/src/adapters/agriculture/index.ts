import { foldForSearch } from '../../normalise/text';
import { indicatorTableAdapter } from '../indicators/index';

type Known = { code: string; nameEn: string; unit: string; additive: boolean };
const additive = (code: string, nameEn: string, unit: string): Known => ({
  code,
  nameEn,
  unit,
  additive: true,
});
const ratio = (code: string, nameEn: string, unit: string): Known => ({
  code,
  nameEn,
  unit,
  additive: false,
});
const names = (list: string[], value: Known): Record<string, Known> =>
  Object.fromEntries(list.map((n) => [foldForSearch(n), value]));

/**
 * Common agriculture indicators by their usual names (folded), with stable codes. Areas,
 * outputs and heads add up over communes and districts; yields and shares do not.
 */
export const AGRICULTURE_INDICATORS: Record<string, Known> = {
  ...names(
    [
      'diện tích lúa',
      'diện tích gieo trồng lúa',
      'diện tích gieo cấy lúa',
      'diện tích gieo sạ lúa',
      'diện tích trồng lúa',
      'rice area',
      'rice planted area',
      'rice sown area',
      'planted area of rice',
    ],
    additive('agri.rice-planted-area', 'rice planted area', 'ha'),
  ),
  ...names(
    ['sản lượng lúa', 'sản lượng thóc', 'rice output', 'rice production', 'paddy output', 'paddy production'],
    additive('agri.rice-output', 'rice output', 'tấn'),
  ),
  ...names(
    ['năng suất lúa', 'năng suất lúa bình quân', 'rice yield', 'paddy yield'],
    ratio('agri.rice-yield', 'rice yield', 'tạ/ha'),
  ),
  ...names(
    ['diện tích gieo trồng', 'diện tích', 'planted area', 'sown area', 'cultivated area'],
    additive('agri.planted-area', 'planted area', 'ha'),
  ),
  ...names(['sản lượng', 'output', 'production'], additive('agri.crop-output', 'crop output', 'tấn')),
  ...names(['năng suất', 'yield'], ratio('agri.crop-yield', 'crop yield', 'tạ/ha')),
  ...names(
    ['diện tích cây hằng năm', 'diện tích cây hàng năm', 'annual crop area'],
    additive('agri.annual-crop-area', 'annual crop area', 'ha'),
  ),
  ...names(
    ['diện tích cây lâu năm', 'perennial crop area', 'perennial tree area'],
    additive('agri.perennial-crop-area', 'perennial crop area', 'ha'),
  ),
  ...names(
    ['đàn bò', 'tổng đàn bò', 'số lượng bò', 'số con bò', 'cattle', 'cattle herd', 'cattle heads'],
    additive('agri.cattle-heads', 'cattle heads', 'con'),
  ),
  ...names(
    ['đàn trâu', 'tổng đàn trâu', 'số lượng trâu', 'buffalo', 'buffalo herd', 'buffalo heads'],
    additive('agri.buffalo-heads', 'buffalo heads', 'con'),
  ),
  ...names(
    ['đàn lợn', 'tổng đàn lợn', 'đàn heo', 'tổng đàn heo', 'số lượng lợn', 'pig herd', 'pigs', 'pig heads'],
    additive('agri.pig-heads', 'pig heads', 'con'),
  ),
  ...names(
    ['đàn gia cầm', 'tổng đàn gia cầm', 'số lượng gia cầm', 'poultry', 'poultry heads'],
    additive('agri.poultry-heads', 'poultry heads', 'nghìn con'),
  ),
  ...names(
    ['số lượng vật nuôi', 'tổng đàn', 'số con', 'livestock', 'livestock heads', 'heads'],
    additive('agri.livestock-heads', 'livestock heads', 'con'),
  ),
  ...names(
    [
      'sản lượng thủy sản',
      'sản lượng thuỷ sản',
      'tổng sản lượng thủy sản',
      'tổng sản lượng thuỷ sản',
      'fisheries output',
      'fishery output',
      'seafood output',
    ],
    additive('agri.fisheries-output', 'fisheries output', 'tấn'),
  ),
  ...names(
    [
      'sản lượng thủy sản khai thác',
      'sản lượng thuỷ sản khai thác',
      'sản lượng khai thác',
      'fisheries capture output',
      'capture fisheries output',
      'catch',
    ],
    additive('agri.fisheries-capture-output', 'capture fisheries output', 'tấn'),
  ),
  ...names(
    [
      'sản lượng thủy sản nuôi trồng',
      'sản lượng thuỷ sản nuôi trồng',
      'sản lượng nuôi trồng',
      'aquaculture output',
      'aquaculture production',
    ],
    additive('agri.aquaculture-output', 'aquaculture output', 'tấn'),
  ),
  ...names(
    [
      'diện tích nuôi trồng thủy sản',
      'diện tích nuôi trồng thuỷ sản',
      'diện tích nuôi trồng',
      'aquaculture area',
    ],
    additive('agri.aquaculture-area', 'aquaculture area', 'ha'),
  ),
  ...names(
    ['sản lượng cá ngừ đại dương', 'ocean tuna catch', 'tuna catch'],
    additive('agri.ocean-tuna-catch', 'ocean tuna catch', 'tấn'),
  ),
  ...names(
    ['số tàu cá', 'tàu cá', 'fishing vessels'],
    additive('agri.fishing-vessels', 'fishing vessels', 'tàu'),
  ),
  ...names(
    ['diện tích rừng trồng mới', 'rừng trồng mới', 'new forest plantation'],
    additive('agri.new-forest-plantation', 'new forest plantation', 'ha'),
  ),
  ...names(
    ['tỷ lệ che phủ rừng', 'độ che phủ rừng', 'forest cover'],
    ratio('agri.forest-cover', 'forest cover', '%'),
  ),
};

/**
 * Agriculture, forestry and fisheries: planted area, output and yield by crop, season (vụ
 * Đông Xuân, Hè Thu, Mùa) and area; livestock heads; fisheries output.
 */
export const agricultureAdapter = indicatorTableAdapter({
  name: 'agriculture',
  description:
    'Agriculture indicators: diện tích gieo trồng, sản lượng, năng suất by crop (cây trồng) and season (vụ), livestock heads (vật nuôi), fisheries output; long or wide tables',
  defaults: {
    title: 'Nông nghiệp, lâm nghiệp và thủy sản',
    titleEn: 'Agriculture, forestry and fisheries',
    publisher: 'SNNMT',
    themes: ['agriculture'],
    keywords: ['nông nghiệp', 'lúa', 'thủy sản', 'chăn nuôi', 'agriculture'],
  },
  dimensions: {
    crop: ['cay trong', 'loai cay', 'loai cay trong', 'cay', 'crop', 'crops'],
    season: ['vu', 'mua vu', 'vu san xuat', 'season', 'crop season'],
    livestock: ['vat nuoi', 'loai vat nuoi', 'gia suc gia cam', 'livestock', 'animal'],
    fishery: ['loai hinh thuy san', 'khai thac nuoi trong', 'fishery', 'fisheries type'],
  },
  knownIndicators: AGRICULTURE_INDICATORS,
});
