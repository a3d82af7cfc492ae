/**
 * The rows of a built-in table (iris, penguins) that a graph trains on, loaded for the code exports
 * to carry inside the script (they ship with Kairo as npm packages, not as files a user has). The
 * callers load them — the dialog and `kairo export` — so the exports themselves stay pure.
 */
import { datasetSettingsOf } from '../engine/data/request';
import type { Graph } from '../graph/types';
import type { TableText } from './pythonTable';

/** The graph's built-in table, or undefined when it trains on anything else. */
export async function builtinTableRows(graph: Pick<Graph, 'nodes'>): Promise<TableText | undefined> {
  const settings = datasetSettingsOf(graph);
  const reference = settings?.data;
  if (settings?.source !== 'table' || reference?.kind !== 'table' || !reference.builtin) return undefined;
  // Loaded only for such a graph: the tables stay out of the main bundle.
  const { builtinTable } = await import('../engine/data/builtinTables');
  return builtinTable(reference.builtin);
}
