import type { NodeProblem, ParamSpec, ParamSpecs } from './types';

/**
 * A node's params checked against its specs: missing ones take their default, unknown ones and
 * values of the wrong type or range are problems naming the param. Pure; never throws.
 */
export function resolveParams(
  specs: ParamSpecs,
  raw: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown>; problems: NodeProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: NodeProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ code: 'INVALID_PARAM', message: 'The params of a node must be an object of named values.' });
    raw = {};
  }
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) {
      problems.push({ code: 'UNKNOWN_PARAM', param: name, message: `There is no parameter "${name}".` });
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    const value = given === undefined ? (Array.isArray(spec.default) ? [...spec.default] : spec.default) : given;
    const complaint = describeInvalidValue(spec, value);
    if (complaint !== null) {
      problems.push({ code: 'INVALID_PARAM', param: name, message: `Parameter "${name}" ${complaint}.` });
    }
    values[name] = value;
  }
  return { values, problems };
}

function describeRange(min: number | undefined, max: number | undefined, minOpen = false, maxOpen = false): string {
  const lower = min === undefined ? '' : `${minOpen ? 'greater than' : 'at least'} ${min}`;
  const upper = max === undefined ? '' : `${maxOpen ? 'below' : 'at most'} ${max}`;
  return [lower, upper].filter(Boolean).join(' and ');
}

/** Why a value does not fit its spec, as the end of a sentence; null when it fits. */
export function describeInvalidValue(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'int':
    case 'float': {
      const isNumber = typeof value === 'number' && Number.isFinite(value);
      if (!isNumber || (spec.type === 'int' && !Number.isInteger(value))) {
        return `must be ${spec.type === 'int' ? 'a whole number' : 'a number'}, not ${JSON.stringify(value)}`;
      }
      const minOpen = spec.type === 'float' && spec.minExclusive === true;
      const maxOpen = spec.type === 'float' && spec.maxExclusive === true;
      const belowMin = spec.min !== undefined && (minOpen ? value <= spec.min : value < spec.min);
      const aboveMax = spec.max !== undefined && (maxOpen ? value >= spec.max : value > spec.max);
      return belowMin || aboveMax ? `must be ${describeRange(spec.min, spec.max, minOpen, maxOpen)}, not ${value}` : null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : `must be true or false, not ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `must be one of ${spec.options.join(', ')}, not ${JSON.stringify(value)}`;
    case 'intList': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isInteger(item))) {
        return `must be a list of whole numbers, not ${JSON.stringify(value)}`;
      }
      if (value.length < spec.minLength || value.length > spec.maxLength) {
        return spec.minLength === spec.maxLength
          ? `must list exactly ${spec.minLength} numbers`
          : `must list ${spec.minLength} to ${spec.maxLength} numbers`;
      }
      const outside = value.find(
        (item: number) => (spec.min !== undefined && item < spec.min) || (spec.max !== undefined && item > spec.max),
      );
      return outside === undefined ? null : `must hold numbers ${describeRange(spec.min, spec.max)}, not ${outside}`;
    }
  }
}
