/**
 * Every message the engine can report has a sentence in both languages, with the same values in
 * it, and the UI and the CLI render it: a code without a sentence would show the user a raw key.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_MESSAGE_CODES, engineMessageKey } from '../../src/engine/failures';
import { en } from '../../src/i18n/en';
import { engineEn } from '../../src/i18n/engine.en';
import { engineJa } from '../../src/i18n/engine.ja';
import { ja } from '../../src/i18n/ja';
import { translate } from '../../src/i18n/index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** Characters of the Japanese scripts (kana and kanji). */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('engine messages', () => {
  it('every code has an English and a Japanese sentence, in the dictionaries the app uses', () => {
    for (const code of ENGINE_MESSAGE_CODES) {
      const key = engineMessageKey(code);
      expect(en[key], key).toBeTruthy();
      expect(ja[key], key).toBeTruthy();
      expect(ja[key], key).not.toBe(en[key]);
      expect(ja[key], key).toMatch(JAPANESE);
    }
  });

  it('both languages fill in the same values', () => {
    for (const key of Object.keys(engineEn) as (keyof typeof engineEn)[]) {
      expect(placeholders(engineJa[key]), key).toEqual(placeholders(engineEn[key]));
    }
  });

  it('no sentence is left over without a code', () => {
    const keys = new Set<string>(ENGINE_MESSAGE_CODES.map(engineMessageKey));
    const orphans = Object.keys(engineEn).filter((key) => key.startsWith('engine.') && !keys.has(key));
    expect(orphans).toEqual([]);
  });

  it('a message renders with its values in either language', () => {
    const vars = { epoch: 1, batch: 2, value: 'NaN', rate: 1e38 };
    expect(translate('en', engineMessageKey('NON_FINITE_LOSS'), vars)).toContain('1e+38');
    expect(translate('ja', engineMessageKey('NON_FINITE_LOSS'), vars)).toContain('1e+38');
    expect(translate('ja', engineMessageKey('NON_FINITE_LOSS'), vars)).not.toMatch(/\{\w+\}/);
  });
});
