import { en } from './i18n.en';
import { vi } from './i18n.vi';

/** The labels, vi in i18n.vi.ts and en in i18n.en.ts (every key in both). */
export type Key = keyof typeof vi;

export const THEME_NAMES: Record<string, { vi: string; en: string }> = {
  health: { vi: 'Y tế', en: 'Health' },
  education: { vi: 'Giáo dục', en: 'Education' },
  tourism: { vi: 'Du lịch', en: 'Tourism' },
  agriculture: { vi: 'Nông nghiệp', en: 'Agriculture' },
  'industry-trade': { vi: 'Công Thương', en: 'Industry and trade' },
  investment: { vi: 'Kế hoạch và Đầu tư', en: 'Planning and investment' },
  digital: { vi: 'Chuyển đổi số', en: 'Digital transformation' },
  population: { vi: 'Dân số', en: 'Population' },
  environment: { vi: 'Môi trường', en: 'Environment' },
  transport: { vi: 'Giao thông', en: 'Transport' },
};

export type Lang = 'vi' | 'en';
export const DICTIONARIES: Record<Lang, Record<Key, string>> = { vi, en };

export function translator(lang: Lang) {
  const dict = DICTIONARIES[lang];
  return (key: Key, vars: Record<string, string | number> = {}) =>
    dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A key built from data (a theme, access level, flag …), when the dictionary has it. */
export const hasKey = (k: string): k is Key => k in vi;
