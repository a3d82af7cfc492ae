/**
 * Lays every preset out again with the editor's layered layout, wrapped to the width that fits the
 * narrowest editor at a readable zoom (PRESET_LAYOUT_WIDTH). Only the `position` of each node is
 * rewritten, in place, so a preset's diff shows nothing else.
 *
 *   npx tsx scripts/relayout-presets.ts [FILE…]      (default: presets/*.json)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseGraphFile } from '../src/graph/format';
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
  let next = text;
  for (const node of laid.nodes) {
    // The node's own "position" is the first one after its "id" (ids are unique in a valid file).
    const idAt = next.indexOf(`"id": ${JSON.stringify(node.id)}`);
    const positionAt = idAt < 0 ? -1 : next.indexOf('"position"', idAt);
    const end = positionAt < 0 ? -1 : next.indexOf('}', positionAt);
    if (end < 0) throw new Error(`${file}: cannot find the position of node ${node.id}`);
    next = `${next.slice(0, positionAt)}"position": { "x": ${node.position.x}, "y": ${node.position.y} }${next.slice(end + 1)}`;
  }
  if (next !== text) writeFileSync(file, next);
  console.log(`${path.relative(root, file)}: ${next === text ? 'unchanged' : 'laid out'}`);
}
