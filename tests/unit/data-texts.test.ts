/**
 * Every sentence about your own data exists in English and Japanese with the same values in it,
 * every engine code it adds has one, and the Japanese is Japanese (not a copy of the English).
 */
import { describe, expect, it } from 'vitest';
import { dataEn } from '../../src/i18n/data.en';
import { dataJa } from '../../src/i18n/data.ja';
import { SKIP_REASONS } from '../../src/engine/data/imageLayout';
import { ENGINE_MESSAGE_CODES } from '../../src/engine/failures';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('texts of your own data', () => {
  it('have the same keys and values in both languages, and the Japanese is Japanese', () => {
    expect(Object.keys(dataJa).sort()).toEqual(Object.keys(dataEn).sort());
    for (const key of Object.keys(dataEn) as (keyof typeof dataEn)[]) {
      expect(placeholders(dataJa[key]), key).toEqual(placeholders(dataEn[key]));
      // Units and format names read the same in Japanese ('MB', 'RGB'); sentences must not.
      if (dataEn[key].split(' ').length > 2) expect(dataJa[key], key).toMatch(JAPANESE);
    }
  });

  it('name every skip reason and every DATA_ engine code of this feature', () => {
    for (const reason of SKIP_REASONS) expect(dataEn[`data.skip.${reason}`]).toBeTruthy();
    const own = ENGINE_MESSAGE_CODES.filter((code) => `engine.${code}` in dataEn);
    expect(own.length).toBeGreaterThanOrEqual(20);
  });
});
