/**
 * The example graphs: every presets/*.json, read through parseGraphFile like any file. The course's
 * exercises come first, in the order they are taught; any other preset follows by name.
 */
import type { Graph } from '../graph/types';
import { graphFromText } from '../store/files';

export interface Preset {
  /** The file name without extension, e.g. "mnist-cnn". */
  id: string;
  graph: Graph;
}

const COURSE_ORDER = ['mnist-logreg', 'mnist-mlp', 'mnist-cnn'];
/** The graph a first visit opens: the built-in MNIST with the course's CNN. */
export const FIRST_VISIT_PRESET = 'mnist-cnn';

const files = import.meta.glob<string>('/presets/*.json', { eager: true, query: '?raw', import: 'default' });

function rank(id: string): number {
  const index = COURSE_ORDER.indexOf(id);
  return index === -1 ? COURSE_ORDER.length : index;
}

function loadPresets(): Preset[] {
  const presets: Preset[] = [];
  for (const [path, text] of Object.entries(files)) {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    const result = graphFromText(text);
    // A broken preset is a build defect that the preset tests catch; the gallery just leaves it out.
    if (result.ok) presets.push({ id, graph: result.graph });
  }
  return presets.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export const PRESETS: readonly Preset[] = loadPresets();

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
