/**
 * The share link: a whole graph file in the URL fragment, `#g=<base64url(deflate(text))>`. A link
 * that does not decompress is LINK_DAMAGED; one that does is read by parseGraphFile like any file.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { type ParseResult, parseGraphFile } from './format';
import { makeIssue } from './issues';
import { serializeGraph } from './serialize';
import type { Graph } from './types';

/** The URL fragment parameter that carries a shared graph. */
export const SHARE_PARAM = 'g';
/** A share link longer than this is refused before decoding (far beyond any drawn graph). */
export const MAX_SHARE_CHARS = 2_000_000;
/** Inflated size limit, so a small link cannot expand into gigabytes. */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

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
  return `${SHARE_PARAM}=${toBase64Url(deflateSync(strToU8(serializeGraph(graph)), { level: 9 }))}`;
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

/** The graph in a share payload, or why not: LINK_DAMAGED, or the file's own problems. Never throws. */
export function decodeSharePayload(payload: string): ParseResult {
  const damaged: ParseResult = { ok: false, issues: [makeIssue('LINK_DAMAGED')] };
  if (payload.length > MAX_SHARE_CHARS) return damaged;
  const bytes = fromBase64Url(payload);
  if (!bytes || bytes.length === 0) return damaged;
  let text: string;
  try {
    const inflated = inflateSync(bytes);
    if (inflated.length > MAX_INFLATED_BYTES) return damaged;
    text = strFromU8(inflated);
  } catch {
    return damaged;
  }
  return parseGraphFile(text);
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
