/** "1 node", "3 nodes", "ノード 3 個": a count with its noun, in the language's own form. */
import { formatCount, type Language, translate } from '../i18n/index';

export type CountedNoun = 'node' | 'layer' | 'error' | 'warning' | 'image';

export function countText(language: Language, noun: CountedNoun, count: number): string {
  const form = count === 1 ? 'one' : 'other';
  return translate(language, `editor.count.${noun}.${form}`, { count: formatCount(count, language) });
}
