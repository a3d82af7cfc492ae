import type { LocalizedText } from '../graph/types';
import { type Dictionary, type DictionaryKey, en } from './en';
import { ja } from './ja';

export type { Dictionary, DictionaryKey } from './en';

export type Language = 'en' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

const DICTIONARIES: Record<Language, Dictionary> = { en, ja };

export type TranslateVars = Readonly<Record<string, string | number>>;

/** The text for `key` in `language`, with `{name}` placeholders filled from `vars`. */
export function translate(language: Language, key: DictionaryKey, vars?: TranslateVars): string {
  const template = DICTIONARIES[language][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** Picks the current language's side of a bilingual field (node titles, graph metadata). */
export function localized(text: LocalizedText | undefined, language: Language): string {
  if (!text) return '';
  return text[language] || text.en;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ja';
}

/** Numbers as the course writes them: 1,199,882 (grouping is the same in both languages). */
export function formatCount(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US').format(value);
}
