import { useCallback } from 'react';
import { type DictionaryKey, type TranslateVars, translate } from '../i18n/index';
import { useKairo } from '../store/index';

/** The translate function for the current language (components re-render when it changes). */
export function useT(): (key: DictionaryKey, vars?: TranslateVars) => string {
  const language = useKairo((state) => state.language);
  return useCallback((key, vars) => translate(language, key, vars), [language]);
}

export function useLanguage() {
  return useKairo((state) => state.language);
}
