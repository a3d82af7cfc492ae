/**
 * The graph file in its other homes: the autosave in localStorage and the share link in the URL
 * fragment. All of them go through parseGraphFile, so a bad one is reported the same way.
 */
import { strFromU8, strToU8, deflateSync, inflateSync } from 'fflate';
import { parseGraphFile, serializeGraph } from '../graph/format';
import type { Issue } from '../graph/issues';
import type { Graph } from '../graph/types';

export const AUTOSAVE_KEY = 'kairo.autosave';
export const LANGUAGE_KEY = 'kairo.language';
/** The URL fragment parameter that carries a shared graph: `#g=<base64url(deflate(json))>`. */
export const SHARE_PARAM = 'g';
/** A share link longer than this is refused before decoding (far beyond any drawn graph). */
export const MAX_SHARE_CHARS = 2_000_000;
/** Inflated size limit, so a small link cannot expand into gigabytes. */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

export type LoadResult = { ok: true; graph: Graph; warnings: Issue[] } | { ok: false; issues: Issue[] };

/** The graph as file text (what Save writes and the autosave keeps). */
export function graphToText(graph: Graph): string {
  return serializeGraph(graph);
}

/** parseGraphFile on text; never throws. */
export function graphFromText(text: string): LoadResult {
  const result = parseGraphFile(text);
  return result.ok ? { ok: true, graph: result.graph, warnings: result.warnings } : result;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

/** The fragment (without '#') that carries `graph`. */
export function encodeShareFragment(graph: Graph): string {
  return `${SHARE_PARAM}=${toBase64Url(deflateSync(strToU8(graphToText(graph)), { level: 9 }))}`;
}

/** A full link to this page that opens `graph`. */
export function shareLinkFor(graph: Graph, pageUrl: string): string {
  const url = new URL(pageUrl);
  url.hash = encodeShareFragment(graph);
  return url.toString();
}

/** The encoded graph in a location hash (`#g=...`), or null when the hash carries none. */
export function sharedPayload(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(fragment);
  return params.get(SHARE_PARAM);
}

export type ShareDecodeResult = LoadResult | { ok: false; issues: []; damaged: true };

/**
 * The graph in a share payload. A payload that does not decompress is `damaged` (no parse issues
 * to show); one that decompresses goes through parseGraphFile like any file.
 */
export function decodeSharePayload(payload: string): ShareDecodeResult {
  if (payload.length > MAX_SHARE_CHARS) return { ok: false, issues: [], damaged: true };
  const bytes = fromBase64Url(payload);
  if (!bytes || bytes.length === 0) return { ok: false, issues: [], damaged: true };
  let text: string;
  try {
    const inflated = inflateSync(bytes);
    if (inflated.length > MAX_INFLATED_BYTES) return { ok: false, issues: [], damaged: true };
    text = strFromU8(inflated);
  } catch {
    return { ok: false, issues: [], damaged: true };
  }
  return graphFromText(text);
}

/** A file name from the graph's title: "MNIST CNN" → "mnist-cnn.kairo.json". */
export function fileNameFor(graph: Graph): string {
  const base = (graph.meta.title.en || graph.meta.title.ja || 'graph')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'graph'}.kairo.json`;
}

/** Minimal localStorage surface, so tests can pass a Map-backed one. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function writeAutosave(storage: KeyValueStorage, graph: Graph): boolean {
  try {
    storage.setItem(AUTOSAVE_KEY, graphToText(graph));
    return true;
  } catch {
    // Quota exceeded or storage disabled: the editor keeps working, only without autosave.
    return false;
  }
}

/** The autosaved graph: null when there is none, a LoadResult otherwise. */
export function readAutosave(storage: KeyValueStorage): LoadResult | null {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
  return text === null ? null : graphFromText(text);
}
