import { z } from 'zod';
import type { NodeDefinition, ParamSpec, ParamSpecs } from '../../nodes/types';
import { type Issue, makeIssue } from './issues';

/**
 * The zod schemas of a graph file: the document structure (file, meta, nodes, edges) and, built from
 * each node type's ParamSpecs, the params of every node. Params are strict: a misspelt param is an
 * error that names the node and the field, never silently dropped.
 */

/** Files longer than this (in characters of the text) are refused before JSON.parse. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
/** Far above any graph a person draws; keeps a hostile file from making the editor crawl. */
export const MAX_NODES = 5_000;
export const MAX_EDGES = 20_000;
/** Longest description or title accepted in meta. */
export const MAX_TEXT_CHARS = 20_000;

/**
 * Node and edge ids: short, printable, free of spaces, so they can name tfjs layers, DOM handles
 * and CLI rows without escaping.
 */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);

const idSchema = z
  .string()
  .regex(ID_PATTERN, { error: 'must be 1–64 characters from A–Z, a–z, 0–9, "_", ".", ":", "-"' })
  .refine((id) => !RESERVED_IDS.has(id), { error: 'is a reserved word; choose another id' });

const finiteNumber = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

const localizedTextSchema = z.strictObject({
  en: z.string().max(MAX_TEXT_CHARS).default(''),
  ja: z.string().max(MAX_TEXT_CHARS).default(''),
});

const emptyText = () => ({ en: '', ja: '' });

export const graphMetaSchema = z.strictObject({
  title: localizedTextSchema.default(emptyText),
  description: localizedTextSchema.default(emptyText),
});

/** A node as stored; its params are only an object here, checked per type by `checkNodeParams`. */
export const graphNodeSchema = z.strictObject({
  id: idSchema,
  type: z.string().min(1).max(64),
  // Files written before a node type had versions meant its first one.
  version: z.number().int().min(1).default(1),
  params: z.record(z.string(), z.unknown()).default(() => ({})),
  position: z.strictObject({ x: finiteNumber, y: finiteNumber }).default(() => ({ x: 0, y: 0 })),
});

export const graphEdgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  sourcePort: z.string().min(1).max(64),
  target: idSchema,
  targetPort: z.string().min(1).max(64),
});

/** The body of a current-version file, after the envelope and version have been checked. */
export const graphFileBodySchema = z.strictObject({
  format: z.string(),
  version: z.number(),
  meta: graphMetaSchema.default(() => ({ title: emptyText(), description: emptyText() })),
  nodes: z.array(z.unknown()).max(MAX_NODES),
  edges: z.array(z.unknown()).max(MAX_EDGES),
});

function rangeText(min: number | undefined, max: number | undefined, minExclusive = false, maxExclusive = false) {
  const low = min === undefined ? undefined : minExclusive ? `greater than ${min}` : `at least ${min}`;
  const high = max === undefined ? undefined : maxExclusive ? `less than ${max}` : `at most ${max}`;
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive) return `from ${min} to ${max}`;
  if (low && high) return `${low} and ${high}`;
  return low ?? high ?? '';
}

/** What a param accepts, in words: "a whole number from 1 to 4096", `one of "valid", "same"`. */
export function describeParamRule(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
      return `a whole number ${rangeText(spec.min, spec.max)}`.trim();
    case 'float':
      return `a number ${rangeText(spec.min, spec.max, spec.minExclusive, spec.maxExclusive)}`.trim();
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${spec.options.map((option) => JSON.stringify(option)).join(', ')}`;
    case 'intList': {
      const count =
        spec.minLength === spec.maxLength ? `${spec.minLength}` : `${spec.minLength} to ${spec.maxLength}`;
      const range = rangeText(spec.min, spec.max);
      return `a list of ${count} whole numbers${range ? ` (each ${range})` : ''}`;
    }
  }
}

function intSchema(min: number | undefined, max: number | undefined) {
  let schema = z.number().int();
  if (min !== undefined) schema = schema.min(min);
  if (max !== undefined) schema = schema.max(max);
  return schema;
}

/** The zod schema of one param's value. */
export function paramValueSchema(spec: ParamSpec): z.ZodType {
  switch (spec.type) {
    case 'int':
      return intSchema(spec.min, spec.max);
    case 'float': {
      let schema = z.number().refine(Number.isFinite);
      const { min, max } = spec;
      if (min !== undefined) schema = schema.refine((value) => (spec.minExclusive ? value > min : value >= min));
      if (max !== undefined) schema = schema.refine((value) => (spec.maxExclusive ? value < max : value <= max));
      return schema;
    }
    case 'bool':
      return z.boolean();
    case 'enum':
      return z.enum(spec.options as [string, ...string[]]);
    case 'intList':
      return z.array(intSchema(spec.min, spec.max)).min(spec.minLength).max(spec.maxLength);
  }
}

const paramsSchemaCache = new WeakMap<ParamSpecs, z.ZodType>();

/** Strict object schema of a node type's params; every param optional (missing ones take defaults). */
export function paramsSchema(specs: ParamSpecs): z.ZodType {
  const cached = paramsSchemaCache.get(specs);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(specs)) shape[name] = paramValueSchema(spec).optional();
  const schema = z.strictObject(shape);
  paramsSchemaCache.set(specs, schema);
  return schema;
}

/** A value as it appears in a message, cut short so a huge array cannot flood the screen. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export interface CheckedParams {
  /** Every param of the type: the node's valid values, defaults for the rest. */
  params: Record<string, unknown>;
  issues: Issue[];
}

/**
 * Checks a node's params against its type: UNKNOWN_PARAM for a field the type does not have,
 * INVALID_PARAM for a value outside its rule; missing params are filled from the defaults.
 * Invalid values are replaced by defaults in `params` so later steps can still look at the node.
 */
export function checkNodeParams(
  definition: NodeDefinition<ParamSpecs>,
  nodeId: string,
  params: unknown,
): CheckedParams {
  const where = `Node "${nodeId}" (${definition.type})`;
  const filled: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.params)) {
    filled[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    return {
      params: filled,
      issues: [makeIssue('INVALID_PARAM', `${where}: params must be an object, got ${showValue(params)}.`, { nodeId })],
    };
  }
  const issues: Issue[] = [];
  const result = paramsSchema(definition.params).safeParse(params);
  const given = params as Record<string, unknown>;
  const invalid = new Set<string>();
  if (!result.success) {
    for (const zodIssue of result.error.issues) {
      if (zodIssue.code === 'unrecognized_keys') {
        const known = Object.keys(definition.params);
        for (const key of zodIssue.keys) {
          const hint = known.length > 0 ? ` Its params are: ${known.join(', ')}.` : ' It has no params.';
          issues.push(
            makeIssue('UNKNOWN_PARAM', `${where} has no param "${key}".${hint}`, { nodeId, param: key }),
          );
        }
        continue;
      }
      const field = zodIssue.path[0];
      if (typeof field !== 'string' || invalid.has(field)) continue;
      const spec = definition.params[field];
      if (!spec) continue;
      invalid.add(field);
      issues.push(
        makeIssue(
          'INVALID_PARAM',
          `${where}: param "${field}" must be ${describeParamRule(spec)}, got ${showValue(given[field])}.`,
          { nodeId, param: field },
        ),
      );
    }
  }
  for (const name of Object.keys(definition.params)) {
    if (invalid.has(name) || !Object.hasOwn(given, name)) continue;
    const value = given[name];
    if (value === undefined) continue;
    filled[name] = Array.isArray(value) ? [...value] : value;
  }
  return { params: filled, issues };
}
