import type { ReliabilityKey } from './reliability.en';

/** 安全対策（自動保存の文書、編集の上限、学習の強制停止）の日本語テキスト。キーは reliability.en.ts と同じ。 */
export const reliabilityJa: Record<ReliabilityKey, string> = {
  'reliability.limit.nodes': '追加しませんでした。ノードが {count} 個になりますが、1 つのグラフに置けるのは {limit} 個までです。',
  'reliability.limit.edges': '追加しませんでした。接続が {count} 本になりますが、1 つのグラフに置けるのは {limit} 本までです。',
};
