/**
 * Checks what a user typed into the inspector against a node's ParamSpec. An invalid entry is
 * never committed to the graph; the reason is a dictionary key so it shows in the user's language.
 */
import type { ParamSpec } from '../../nodes/types';
import { type DictionaryKey, type Language, type TranslateVars, translate } from '../i18n/index';

export interface ParamReason {
  key: DictionaryKey;
  vars?: TranslateVars;
  /** For a list: what is wrong with the item (filled into `{reason}`). */
  inner?: ParamReason;
}

export type ParamCheck<T> = { ok: true; value: T } | { ok: false; reason: ParamReason };

type NumberSpec = Extract<ParamSpec, { type: 'int' | 'float' }>;
type ListSpec = Extract<ParamSpec, { type: 'intList' }>;

/** Full-width digits, minus signs and commas (typed with a Japanese IME) read as their ASCII forms. */
export function normalizeNumberText(text: string): string {
  return text.normalize('NFKC').replace(/[−－]/g, '-').replace(/、/g, ',').trim();
}

function checkBounds(value: number, spec: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): ParamReason | null {
  if (spec.min !== undefined) {
    if (spec.minExclusive ? value <= spec.min : value < spec.min) {
      return { key: spec.minExclusive ? 'param.notAboveMin' : 'param.belowMin', vars: { min: spec.min } };
    }
  }
  if (spec.max !== undefined) {
    if (spec.maxExclusive ? value >= spec.max : value > spec.max) {
      return { key: spec.maxExclusive ? 'param.notBelowMax' : 'param.aboveMax', vars: { max: spec.max } };
    }
  }
  return null;
}

function parseNumber(text: string, integer: boolean, bounds: Parameters<typeof checkBounds>[1]): ParamCheck<number> {
  const cleaned = normalizeNumberText(text);
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) {
    return { ok: false, reason: { key: 'param.notNumber' } };
  }
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, reason: { key: 'param.notNumber' } };
  if (integer && !Number.isInteger(value)) return { ok: false, reason: { key: 'param.notInteger' } };
  const outOfBounds = checkBounds(value, bounds);
  return outOfBounds ? { ok: false, reason: outOfBounds } : { ok: true, value };
}

/** An int or float param from the text of its input box. */
export function parseNumberParam(text: string, spec: NumberSpec): ParamCheck<number> {
  return parseNumber(text, spec.type === 'int', spec);
}

/** One entry of an intList (a tuple box, or one item of a comma-separated list). */
export function parseListItem(text: string, spec: ListSpec): ParamCheck<number> {
  return parseNumber(text, true, spec);
}

/** An intList param from comma- or space-separated text, e.g. "0, 1" or "3 3". */
export function parseIntListParam(text: string, spec: ListSpec): ParamCheck<number[]> {
  const cleaned = normalizeNumberText(text);
  const parts = cleaned === '' ? [] : cleaned.split(/[\s,]+/).filter((part) => part !== '');
  const values: number[] = [];
  for (const [index, part] of parts.entries()) {
    const item = parseListItem(part, spec);
    if (!item.ok) {
      return {
        ok: false,
        reason: { key: 'param.listItem', vars: { index: index + 1 }, inner: item.reason },
      };
    }
    values.push(item.value);
  }
  return checkListLength(values, spec);
}

export function checkListLength(values: number[], spec: ListSpec): ParamCheck<number[]> {
  if (values.length < spec.minLength) {
    return { ok: false, reason: { key: 'param.tooShort', vars: { count: spec.minLength } } };
  }
  if (values.length > spec.maxLength) {
    return { ok: false, reason: { key: 'param.tooLong', vars: { count: spec.maxLength } } };
  }
  return { ok: true, value: values };
}

/** Whether the inspector shows this param now (its `showWhen` condition holds). */
export function isParamVisible(spec: ParamSpec, params: Readonly<Record<string, unknown>>): boolean {
  if (!spec.showWhen) return true;
  const current = params[spec.showWhen.param];
  return spec.showWhen.values.some((value) => value === current);
}

/** The reason in words, in `language`. */
export function describeParamReason(reason: ParamReason, language: Language): string {
  const vars = reason.inner
    ? { ...reason.vars, reason: describeParamReason(reason.inner, language) }
    : reason.vars;
  return translate(language, reason.key, vars);
}
