export {
  AreaIndex,
  type AreaLevel,
  type AreaMatch,
  type AreaVersion,
  type ResolveOptions,
  type ResolveResult,
} from './area-match';
export { AREA_TYPES, type AreaName, canonicalAreaType, parseAreaName } from './area-name';
export { editDistance } from './edit-distance';
export { type DecodedText, decodeText, type TextEncoding } from './encoding';
export {
  convertLegacy,
  detectLegacy,
  type LegacyFont,
  unicodeToTcvn3,
  unicodeToVni,
  VIETNAMESE_LOWER,
} from './legacy-font';
export { type NumberResult, parseNumber } from './number';
export { type Granularity, type Period, parsePeriod } from './period';
export { detectQualifier, type Qualified, type QualifierFlag } from './qualifier';
export { cleanText, foldForSearch, normaliseToneMarks } from './text';
