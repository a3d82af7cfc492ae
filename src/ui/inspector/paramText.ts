/**
 * What a user types into the inspector, turned into a param value. This file only reads text
 * (digits typed with a Japanese IME included); whether the value is allowed is the one param
 * validator's call (nodes/params.ts), so the inspector refuses exactly what a file may not hold.
 */
import { checkParamValue, type ParamProblem } from '../../../nodes/params';
import type { ParamSpec } from '../../../nodes/types';
import { type DictionaryKey, type Language, translate } from '../../i18n/index';

export type ParamCheck<T> = { ok: true; value: T } | { ok: false; problem: ParamProblem };

type NumberSpec = Extract<ParamSpec, { type: 'int' | 'float' }>;
type ListSpec = Extract<ParamSpec, { type: 'intList' }>;

/** Full-width digits, minus signs and commas (typed with a Japanese IME) read as their ASCII forms. */
function normalizeNumberText(text: string): string {
  return text.normalize('NFKC').replace(/[−－]/g, '-').replace(/、/g, ',').trim();
}

/** The number a text spells in plain decimal notation, or undefined. */
function numberOfText(text: string): number | undefined {
  const cleaned = normalizeNumberText(text);
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

function checked<T>(spec: ParamSpec, value: T): ParamCheck<T> {
  const problem = checkParamValue(spec, value);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/** An int or float param from the text of its input box. */
export function parseNumberParam(text: string, spec: NumberSpec): ParamCheck<number> {
  const value = numberOfText(text);
  if (value === undefined) return { ok: false, problem: { reason: 'notNumber', vars: {} } };
  return checked(spec, value);
}

/** An intList param from its items' texts (the boxes of a tuple, or the parts of a list). */
export function parseListItems(texts: readonly string[], spec: ListSpec): ParamCheck<number[]> {
  const values: number[] = [];
  for (const [index, text] of texts.entries()) {
    const value = numberOfText(text);
    if (value === undefined) return { ok: false, problem: { reason: 'itemNotInteger', vars: { index: index + 1 } } };
    values.push(value);
  }
  return checked(spec, values);
}

/** An intList param from comma- or space-separated text, e.g. "0, 1" or "3 3". */
export function parseIntListParam(text: string, spec: ListSpec): ParamCheck<number[]> {
  const cleaned = normalizeNumberText(text);
  return parseListItems(cleaned === '' ? [] : cleaned.split(/[\s,]+/).filter((part) => part !== ''), spec);
}

/** Whether the inspector shows this param now (its `showWhen` condition holds). */
export function isParamVisible(spec: ParamSpec, params: Readonly<Record<string, unknown>>): boolean {
  if (!spec.showWhen) return true;
  const current = params[spec.showWhen.param];
  return spec.showWhen.values.some((value) => value === current);
}

/** Why the value is refused, in `language` (the same sentence a file's INVALID_PARAM ends with). */
export function describeParamProblem(problem: ParamProblem, language: Language): string {
  return translate(language, `param.${problem.reason}` as DictionaryKey, problem.vars);
}
