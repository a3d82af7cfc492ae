import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import type { ParamSpec } from '../../nodes/types';
import {
  describeParamProblem,
  isParamVisible,
  parseIntListParam,
  parseNumberParam,
} from '../../src/ui/inspector/paramText';

function spec(type: string, name: string): ParamSpec {
  const found = getNodeDefinition(type)?.params[name];
  if (!found) throw new Error(`no param ${type}.${name}`);
  return found;
}

function numberSpec(type: string, name: string) {
  const found = spec(type, name);
  if (found.type !== 'int' && found.type !== 'float') throw new Error('not a number param');
  return found;
}

function listSpec(type: string, name: string) {
  const found = spec(type, name);
  if (found.type !== 'intList') throw new Error('not a list param');
  return found;
}

describe('inspector: text to param values, checked by the one validator', () => {
  it('accepts whole numbers within range for int params and says why otherwise', () => {
    const units = numberSpec('dense', 'units');
    expect(parseNumberParam('128', units)).toEqual({ ok: true, value: 128 });
    expect(parseNumberParam('１２８', units)).toEqual({ ok: true, value: 128 });
    expect(parseNumberParam('12.5', units)).toMatchObject({ ok: false, problem: { reason: 'notInteger' } });
    expect(parseNumberParam('0', units)).toMatchObject({ ok: false, problem: { reason: 'belowMin' } });
    expect(parseNumberParam('', units)).toMatchObject({ ok: false, problem: { reason: 'notNumber' } });
    expect(parseNumberParam('0x10', units)).toMatchObject({ ok: false, problem: { reason: 'notNumber' } });
  });

  it('keeps a dropout rate below 1', () => {
    const rate = numberSpec('dropout', 'rate');
    expect(parseNumberParam('0.25', rate)).toEqual({ ok: true, value: 0.25 });
    expect(parseNumberParam('1', rate)).toEqual({ ok: false, problem: { reason: 'notBelowMax', vars: { max: 1 } } });
  });

  it('reads lists such as the classes of a two-class task, with their length limits', () => {
    const classes = listSpec('dataset', 'classes');
    expect(parseIntListParam('0, 1', classes)).toEqual({ ok: true, value: [0, 1] });
    expect(parseIntListParam('3 5 7', classes)).toEqual({ ok: true, value: [3, 5, 7] });
    expect(parseIntListParam('1', classes)).toMatchObject({ ok: false, problem: { reason: 'tooShort' } });
    const badItem = parseIntListParam('0, 12', classes);
    expect(badItem).toEqual({ ok: false, problem: { reason: 'itemAboveMax', vars: { index: 2, max: 9 } } });
    expect(parseIntListParam('0, x', classes)).toMatchObject({ ok: false, problem: { reason: 'itemNotInteger', vars: { index: 2 } } });
    // The reason is shown in the user's language, naming the item and the bound.
    if (!badItem.ok) {
      for (const language of ['en', 'ja'] as const) {
        const text = describeParamProblem(badItem.problem, language);
        expect(text, language).toMatch(/2.*9/);
        expect(text, language).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('shows a param only while its showWhen condition holds', () => {
    const alpha = spec('activation', 'alpha');
    expect(isParamVisible(alpha, { function: 'leakyRelu', alpha: 0.2 })).toBe(true);
    expect(isParamVisible(alpha, { function: 'relu', alpha: 0.2 })).toBe(false);
    expect(isParamVisible(spec('dense', 'units'), {})).toBe(true);
  });
});
