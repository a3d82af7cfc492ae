import { z } from './zod';
import { GRAPH_LIMITS } from './limits';

/**
 * The zod schemas of a graph file's document structure: the file, meta, nodes and edges. A node's
 * params are only "an object" here: the one param validator (nodes/params.ts) checks them against
 * the node's type, strictly, so a misspelt param is an error that names the node and the field.
 * Error messages are the INVALID_FILE variant they stand for (see format.ts).
 */

/** Files longer than this (in characters of the text) are refused before JSON.parse. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
/** Far above any graph a person draws; keeps a hostile file from making the editor crawl (src/graph/limits.ts). */
export const MAX_NODES = GRAPH_LIMITS.maxNodes;
export const MAX_EDGES = GRAPH_LIMITS.maxEdges;

/**
 * Node and edge ids: short, printable, free of spaces, so they can name tfjs layers, DOM handles
 * and CLI rows without escaping.
 */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);

const idSchema = z
  .string()
  .regex(ID_PATTERN, { error: 'badId' })
  .refine((id) => !RESERVED_IDS.has(id), { error: 'reservedId' });

/** A canvas coordinate: finite, and near enough that the canvas can draw it and fit-view reach it. */
const coordinate = z
  .number()
  .refine(Number.isFinite, { error: 'notFinite', abort: true })
  .refine((value) => Math.abs(value) <= GRAPH_LIMITS.maxCoordinate, { error: 'outOfRange' });

const localizedText = (max: number) =>
  z.strictObject({
    en: z.string().max(max).default(''),
    ja: z.string().max(max).default(''),
  });

const emptyText = () => ({ en: '', ja: '' });

export const graphMetaSchema = z.strictObject({
  title: localizedText(GRAPH_LIMITS.maxTitleChars).default(emptyText),
  description: localizedText(GRAPH_LIMITS.maxDescriptionChars).default(emptyText),
});

/** A node as stored; its params are only an object here, checked per type by the analysis. */
export const graphNodeSchema = z.strictObject({
  id: idSchema,
  type: z.string().min(1).max(64),
  // Files written before a node type had versions meant its first one.
  version: z.number().int().min(1).default(1),
  params: z.record(z.string(), z.unknown()).default(() => ({})),
  position: z.strictObject({ x: coordinate, y: coordinate }).default(() => ({ x: 0, y: 0 })),
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
