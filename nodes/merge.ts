import type { Shape } from '../src/graph/types';
import type { PortSpec } from './types';

/** Ports of the merge nodes: two required inputs and two optional ones, applied in this order. */
export const MERGE_INPUTS: readonly PortSpec[] = [
  { name: 'in1', kind: 'tensor', label: { en: 'Input 1', ja: '入力 1' } },
  { name: 'in2', kind: 'tensor', label: { en: 'Input 2', ja: '入力 2' } },
  { name: 'in3', kind: 'tensor', label: { en: 'Input 3', ja: '入力 3' }, optional: true },
  { name: 'in4', kind: 'tensor', label: { en: 'Input 4', ja: '入力 4' }, optional: true },
];

/** The connected merge inputs in port order, or the first required port that is missing. */
export function connectedMergeInputs(
  inputs: Readonly<Record<string, Shape>>,
): { shapes: { port: string; shape: Shape }[] } | { missing: string } {
  const shapes: { port: string; shape: Shape }[] = [];
  for (const port of MERGE_INPUTS) {
    const shape = Object.hasOwn(inputs, port.name) ? inputs[port.name] : undefined;
    if (shape === undefined) {
      if (!port.optional) return { missing: port.name };
      continue;
    }
    shapes.push({ port: port.name, shape });
  }
  return { shapes };
}
