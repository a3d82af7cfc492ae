/**
 * Lays every preset out again with the editor's layered layout, wrapped to the width that fits the
 * narrowest editor at a readable zoom (PRESET_LAYOUT_WIDTH). Only positions change; the file is
 * written as the editor saves it (serializeGraph), which is what the presets are kept in.
 *
 *   npx tsx scripts/relayout-presets.ts [FILE…]      (default: presets/*.json)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseGraphFile } from '../src/graph/format';
import { layoutGraph } from '../src/graph/layout';
import { serializeGraph } from '../src/graph/serialize';
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
  const next = serializeGraph(laid);
  if (next !== text) writeFileSync(file, next);
  console.log(`${path.relative(root, file)}: ${next === text ? 'unchanged' : 'laid out'}`);
}
