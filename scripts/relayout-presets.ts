/**
 * Lays every preset out again with the editor's layered layout, wrapped to the width that fits the
 * narrowest editor at a readable zoom (PRESET_LAYOUT_WIDTH). Only the `position` of each node is
 * changes, so a preset's diff shows nothing else (the file is written by the serializer, as Save would).
 *
 *   npx tsx scripts/relayout-presets.ts [FILE…]      (default: presets/*.json)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseGraphFile, serializeGraph } from '../src/graph/format';
import { layoutGraph } from '../src/graph/layout';
import { PRESET_LAYOUT_WIDTH } from '../src/ui/canvas/framing';

const root = path.join(import.meta.dirname, '..');
const files = process.argv.slice(2);
const targets = files.length > 0 ? files : readdirSync(path.join(root, 'presets')).filter((name) => name.endsWith('.json')).map((name) => path.join(root, 'presets', name));

for (const file of targets) {
  const text = readFileSync(file, 'utf8');
  const parsed = parseGraphFile(text);
  if (!parsed.ok) {
    console.error(`${file}: not a graph file this editor reads; left as it is`);
    process.exitCode = 1;
    continue;
  }
  const laid = layoutGraph(parsed.graph, { maxWidth: PRESET_LAYOUT_WIDTH });
  // Written by the serializer, so the file stays byte-identical to what Save would write.
  const next = serializeGraph(laid);
  if (next !== text) writeFileSync(file, next);
  console.log(`${path.relative(root, file)}: ${next === text ? 'unchanged' : 'laid out'}`);
}
