import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Seeded damage to graph files, shared by the fuzz test (nothing escapes parse or analysis) and the
 * pipeline test (every stage reports the same problems). A failure names its seed and can be replayed.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, seedable, good enough to pick mutations. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}
export type Random = ReturnType<typeof randomSource>;

const TRICKY_STRINGS = [
  '', ' ', 'dense', 'conv2d', 'loss', 'out', 'in', 'prediction', 'labels', 'images', 'kairo-graph', '__proto__',
  'constructor', 'prototype', 'toString', 'hasOwnProperty', 'relu', 'softmax', 'adam', 'nope', '日本語', 'a'.repeat(300),
  '-1', '1e999', 'null', '{"a":1}',
];
const TRICKY_NUMBERS = [0, -0, 1, -1, 2, 0.5, 1e-7, 3.5, 128, 65_536, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 31, 10 ** 9];
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/** Sets an own property even for "__proto__" (plain assignment would set the prototype). */
function setOwn(target: Record<string, Json>, key: string, value: Json) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function randomJson(random: Random, depth: number): Json {
  const kind = random.int(depth > 3 ? 4 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick(TRICKY_NUMBERS);
    case 3:
      return random.pick(TRICKY_STRINGS);
    case 4:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    default: {
      const object: Record<string, Json> = {};
      for (let index = random.int(4); index > 0; index--) {
        setOwn(object, random.pick([...TRICKY_STRINGS, 'id', 'type', 'params', 'x', 'units']), randomJson(random, depth + 1));
      }
      return object;
    }
  }
}

type Container = Json[] | { [key: string]: Json };
interface Slot {
  parent: Container;
  key: string | number;
}

/** Every place in the value where something can be deleted, replaced or renamed. */
function slotsOf(value: Json, slots: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      slots.push({ parent: value, key: index });
      slotsOf(item, slots);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      slots.push({ parent: value, key });
      slotsOf(value[key] as Json, slots);
    }
  }
  return slots;
}

const read = (slot: Slot): Json => (slot.parent as Record<string | number, Json>)[slot.key] as Json;
function write(slot: Slot, value: Json) {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else setOwn(slot.parent, String(slot.key), value);
}

export function mutate(file: Json, random: Random): void {
  const slots = slotsOf(file);
  if (slots.length === 0) return;
  const slot = random.pick(slots);
  switch (random.int(7)) {
    case 0: // delete a key or an array item
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 1: {
      // duplicate an item of some list (duplicate ids, a second loss, two edges into one port)
      const lists = slots.map(read).filter((value): value is Json[] => Array.isArray(value) && value.length > 0);
      if (lists.length === 0) break;
      const list = random.pick(lists);
      list.push(structuredClone(random.pick(list)));
      break;
    }
    case 2: // replace a value by a random one
      write(slot, randomJson(random, 0));
      break;
    case 3: {
      // swap two values anywhere in the file
      const other = random.pick(slots);
      const first = read(slot);
      const second = read(other);
      write(slot, second);
      write(other, first);
      break;
    }
    case 4: {
      // rename a key: a typo, a forbidden key, another field's name
      if (Array.isArray(slot.parent)) break;
      const value = read(slot);
      delete slot.parent[slot.key as string];
      const renamed = random.pick([`${String(slot.key)}s`, String(slot.key).slice(1), ...FORBIDDEN, 'units', 'id', 'rate']);
      setOwn(slot.parent, renamed, value);
      break;
    }
    case 5: // a number at the edge of its range, or of the wrong kind
      write(slot, typeof read(slot) === 'number' ? random.pick(TRICKY_NUMBERS) : random.pick([1, '1', true, [], {}]));
      break;
    default: // a string turned into another plausible one (a node type, a port name, a reference)
      write(slot, random.pick(TRICKY_STRINGS));
  }
}

export const PRESETS = ['mnist-logreg', 'mnist-mlp', 'mnist-cnn'].map((name) =>
  readFileSync(join(__dirname, '../../presets', `${name}.json`), 'utf8'),
);

/**
 * The fuzz test's preset mutations, seed by seed: each preset damaged in one to three places,
 * handed over as parsed data or as text.
 */
export function* presetMutations(count = 1_200): Generator<{ seed: number; input: unknown }> {
  for (let seed = 1; seed <= count; seed++) {
    const random = randomSource(seed);
    const source = PRESETS[seed % PRESETS.length] as string;
    const file = JSON.parse(source) as Json;
    for (let mutations = 1 + random.int(3); mutations > 0; mutations--) mutate(file, random);
    const asText = random.next() < 0.5;
    yield { seed, input: asText ? JSON.stringify(file) : file };
  }
}
