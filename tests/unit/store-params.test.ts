import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import type { ParamSpec } from '../../nodes/types';
import {
  describeParamReason,
  isParamVisible,
  parseIntListParam,
  parseNumberParam,
} from '../../src/store/paramValidation';

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

describe('inspector input checks', () => {
  it('accepts whole numbers within range for int params and says why otherwise', () => {
    const units = numberSpec('dense', 'units');
    expect(parseNumberParam('128', units)).toEqual({ ok: true, value: 128 });
    expect(parseNumberParam('１２８', units)).toEqual({ ok: true, value: 128 });
    expect(parseNumberParam('12.5', units)).toMatchObject({ ok: false, reason: { key: 'param.notInteger' } });
    expect(parseNumberParam('0', units)).toMatchObject({ ok: false, reason: { key: 'param.belowMin' } });
    expect(parseNumberParam('', units)).toMatchObject({ ok: false, reason: { key: 'param.notNumber' } });
    expect(parseNumberParam('0x10', units)).toMatchObject({ ok: false, reason: { key: 'param.notNumber' } });
  });

  it('keeps a dropout rate below 1', () => {
    const rate = numberSpec('dropout', 'rate');
    expect(parseNumberParam('0.25', rate)).toEqual({ ok: true, value: 0.25 });
    const refused = parseNumberParam('1', rate);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(describeParamReason(refused.reason, 'en')).toMatch(/less than 1|at most 1/);
  });

  it('reads lists such as the classes of a two-class task, with their length limits', () => {
    const classes = listSpec('dataset', 'classes');
    expect(parseIntListParam('0, 1', classes)).toEqual({ ok: true, value: [0, 1] });
    expect(parseIntListParam('3 5 7', classes)).toEqual({ ok: true, value: [3, 5, 7] });
    expect(parseIntListParam('1', classes)).toMatchObject({ ok: false, reason: { key: 'param.tooShort' } });
    const badItem = parseIntListParam('0, 12', classes);
    expect(badItem.ok).toBe(false);
    if (!badItem.ok) {
      expect(describeParamReason(badItem.reason, 'en')).toBe('Item 2: Must be at most 9.');
      expect(describeParamReason(badItem.reason, 'ja')).toBe('2 番目: 9 以下にしてください。');
    }
  });

  it('shows a param only while its showWhen condition holds', () => {
    const alpha = spec('activation', 'alpha');
    expect(isParamVisible(alpha, { function: 'leakyRelu', alpha: 0.2 })).toBe(true);
    expect(isParamVisible(alpha, { function: 'relu', alpha: 0.2 })).toBe(false);
    expect(isParamVisible(spec('dense', 'units'), {})).toBe(true);
  });
});
