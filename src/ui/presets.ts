/**
 * The example graphs: every presets/*.json, read through parseGraphFile like any file. The course's
 * exercises come first, in the order they are taught; any other preset follows by name.
 */
import type { Graph } from '../graph/types';
import { parseGraphFile } from '../graph/format';

export interface Preset {
  /** The file name without extension, e.g. "mnist-cnn". */
  id: string;
  graph: Graph;
}

const COURSE_ORDER = ['mnist-perceptron', 'mnist-logreg', 'mnist-svm', 'mnist-mlp', 'mnist-cnn'];
/** The graph a first visit opens: the built-in MNIST with the course's CNN. */
export const FIRST_VISIT_PRESET = 'mnist-cnn';

const files = import.meta.glob<string>('/presets/*.json', { eager: true, query: '?raw', import: 'default' });

function rank(id: string): number {
  const index = COURSE_ORDER.indexOf(id);
  return index === -1 ? COURSE_ORDER.length : index;
}

const parsed = new Map<string, Preset | null>();

function idOf(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.json$/, '');
}

/** One preset, parsed on first use (a first visit needs one; the gallery all of them). */
function loadPreset(path: string): Preset | null {
  const id = idOf(path);
  if (!parsed.has(id)) {
    const result = parseGraphFile(files[path] ?? '');
    // A broken preset is a build defect that the preset tests catch; the gallery just leaves it out.
    parsed.set(id, result.ok ? { id, graph: result.graph } : null);
  }
  return parsed.get(id) ?? null;
}

const PATHS = Object.keys(files).sort((a, b) => rank(idOf(a)) - rank(idOf(b)) || idOf(a).localeCompare(idOf(b)));

/** Every preset that loads, course exercises first. */
export function allPresets(): Preset[] {
  return PATHS.map(loadPreset).filter((preset): preset is Preset => preset !== null);
}

export function findPreset(id: string): Preset | undefined {
  const path = PATHS.find((each) => idOf(each) === id);
  return (path ? loadPreset(path) : null) ?? undefined;
}

/** The graph a first visit opens (the course CNN), or the first preset that loads. */
export function firstVisitPreset(): Preset | undefined {
  return findPreset(FIRST_VISIT_PRESET) ?? allPresets()[0];
}
