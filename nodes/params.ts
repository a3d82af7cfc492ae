import { isDataReference } from '../src/graph/dataReference';
import { type IssueVars, listRef, shownValue } from '../src/graph/issues';
import type { NodeDefinition, NodeProblem, ParamSpec, ParamSpecs, ParamValues } from './types';

/**
 * The one param validator. Everything that accepts a param value — reading a file, the analysis
 * (and through it the compiler), the inspector — asks these functions, which read nothing but the
 * node type's ParamSpecs and its `validate` hook. Pure; never throws.
 */

/** Why a value does not fit its spec; also the key of the sentence the inspector shows (`param.<reason>`). */
export const PARAM_REASONS = [
  'notNumber',
  'notInteger',
  'notBool',
  'notOption',
  'notList',
  'belowMin',
  'notAboveMin',
  'aboveMax',
  'notBelowMax',
  'tooShort',
  'tooLong',
  'itemNotInteger',
  'itemBelowMin',
  'itemAboveMax',
  'notDataReference',
] as const;
export type ParamReason = (typeof PARAM_REASONS)[number];

export interface ParamProblem {
  reason: ParamReason;
  /** The bound, count or item (1-based) the reason names: `min`, `max`, `count`, `index`. */
  vars: Readonly<Record<string, number>>;
}

type Bounds = { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean };

function boundsProblem(value: number, bounds: Bounds): ParamProblem | null {
  const { min, max } = bounds;
  if (min !== undefined && (bounds.minExclusive ? value <= min : value < min)) {
    return { reason: bounds.minExclusive ? 'notAboveMin' : 'belowMin', vars: { min } };
  }
  if (max !== undefined && (bounds.maxExclusive ? value >= max : value > max)) {
    return { reason: bounds.maxExclusive ? 'notBelowMax' : 'aboveMax', vars: { max } };
  }
  return null;
}

/** Why `value` does not fit `spec`; null when it fits. */
export function checkParamValue(spec: ParamSpec, value: unknown): ParamProblem | null {
  switch (spec.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { reason: 'notNumber', vars: {} };
      if (spec.type === 'int' && !Number.isInteger(value)) return { reason: 'notInteger', vars: {} };
      return boundsProblem(value, spec);
    }
    case 'bool':
      return typeof value === 'boolean' ? null : { reason: 'notBool', vars: {} };
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value) ? null : { reason: 'notOption', vars: {} };
    case 'intList': {
      if (!Array.isArray(value)) return { reason: 'notList', vars: {} };
      for (const [index, item] of value.entries()) {
        if (typeof item !== 'number' || !Number.isInteger(item)) return { reason: 'itemNotInteger', vars: { index: index + 1 } };
        const outside = boundsProblem(item, { min: spec.min, max: spec.max });
        if (outside) {
          const reason = outside.reason === 'belowMin' ? 'itemBelowMin' : 'itemAboveMax';
          return { reason, vars: { ...outside.vars, index: index + 1 } };
        }
      }
      if (value.length < spec.minLength) return { reason: 'tooShort', vars: { count: spec.minLength } };
      if (value.length > spec.maxLength) return { reason: 'tooLong', vars: { count: spec.maxLength } };
      return null;
    }
    case 'dataRef':
      return value === null || isDataReference(value) ? null : { reason: 'notDataReference', vars: {} };
  }
}

/** An INVALID_PARAM problem for a value that does not fit its spec. */
function invalidParamProblem(name: string, spec: ParamSpec, value: unknown, problem: ParamProblem): NodeProblem {
  const vars: Record<string, IssueVars[string]> = {
    ...problem.vars,
    param: name,
    value: shownValue(value),
    reason: { ref: 'paramReason', reason: problem.reason },
  };
  if (spec.type === 'enum') {
    // A file's unknown option: name the ones there are (the inspector's select cannot get here).
    return { code: 'INVALID_PARAM', variant: 'option', param: name, vars: { ...vars, options: listRef(spec.options) } };
  }
  return { code: 'INVALID_PARAM', param: name, vars };
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  // A data reference is a nested object: the node gets its own copy, never the caller's.
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

export interface CheckedParams {
  /** Every param of the type: the node's valid values, defaults for missing or invalid ones. */
  values: ParamValues<ParamSpecs>;
  /** UNKNOWN_PARAM and INVALID_PARAM, then (only when there are none) the type's own `validate` rules. */
  problems: NodeProblem[];
}

/**
 * A node's params checked against its type: UNKNOWN_PARAM for a field the type does not have,
 * INVALID_PARAM for a value outside its spec, then the type's cross-param rules. Missing params
 * take their defaults.
 */
export function checkNodeParams(definition: NodeDefinition<ParamSpecs>, raw: unknown): CheckedParams {
  const filled: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.params)) filled[name] = copyValue(spec.default);
  // Only values that passed their spec (or the defaults, which do) are ever stored, so `values` has
  // the types the specs declare: the one place that turns checked data into typed params.
  const values = filled as ParamValues<ParamSpecs>;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { values, problems: [{ code: 'INVALID_PARAM', variant: 'notObject', vars: { value: shownValue(raw) } }] };
  }
  const given = raw as Record<string, unknown>;
  const problems: NodeProblem[] = [];
  const known = Object.keys(definition.params);
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(definition.params, name)) continue;
    problems.push({
      code: 'UNKNOWN_PARAM',
      param: name,
      ...(known.length === 0 ? { variant: 'none' } : {}),
      vars: { param: name, known: listRef(known) },
    });
  }
  for (const [name, spec] of Object.entries(definition.params)) {
    const value = given[name];
    if (value === undefined) continue;
    const problem = checkParamValue(spec, value);
    if (problem) problems.push(invalidParamProblem(name, spec, value, problem));
    else filled[name] = copyValue(value);
  }
  if (problems.length === 0 && definition.validate) problems.push(...definition.validate(values));
  return { values, problems };
}
