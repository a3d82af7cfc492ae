/**
 * The share link: a whole graph file in the URL fragment, `#g=<base64url(deflate(text))>`. A link
 * that does not decompress is LINK_DAMAGED; one that would decompress beyond any graph file is
 * LINK_TOO_LARGE, found while inflating (a link of 2 MB can unpack to gigabytes); one that does is
 * read by parseGraphFile like any file.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { type ParseResult, parseGraphFile } from './format';
import { type Issue, makeIssue } from './issues';
import { serializeGraph } from './serialize';
import type { Graph } from './types';

/** The URL fragment parameter that carries a shared graph. */
export const SHARE_PARAM = 'g';
/** A share link longer than this is refused before decoding (far beyond any drawn graph). */
export const MAX_SHARE_CHARS = 2_000_000;
/**
 * Inflated size limit, so a small link cannot expand into gigabytes: above the UTF-8 size of any
 * graph the editor can make (its nodes and edges are ASCII; see src/graph/limits.ts).
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/**
 * Compressed bytes fed to the inflater at a time. Deflate expands at most about 1032:1, so one
 * push yields at most ~1 MiB before the running total is checked again.
 */
const INFLATE_INPUT_CHUNK = 1024;

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

/**
 * The share link of `graph`, made only if it opens again: within the link-length and inflated-size
 * limits, and read back by parseGraphFile. Otherwise the reason, as a problem.
 */
export function checkedShareLink(graph: Graph, pageUrl: string): { ok: true; link: string } | { ok: false; issue: Issue } {
  const text = serializeGraph(graph);
  const bytes = strToU8(text);
  const payload = toBase64Url(deflateSync(bytes, { level: 9 }));
  if (bytes.length > MAX_INFLATED_BYTES || payload.length > MAX_SHARE_CHARS) {
    return { ok: false, issue: makeIssue('LINK_TOO_LARGE', { vars: { limit: `${MAX_INFLATED_BYTES / 1024 / 1024} MiB` } }) };
  }
  const reopened = parseGraphFile(text);
  if (!reopened.ok) return { ok: false, issue: reopened.issues[0] ?? makeIssue('LINK_DAMAGED') };
  const url = new URL(pageUrl);
  url.hash = `${SHARE_PARAM}=${payload}`;
  return { ok: true, link: url.toString() };
}

/** The encoded graph in a location hash (`#g=...`), or null when the hash carries none. */
export function sharedPayload(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(fragment);
  return params.get(SHARE_PARAM);
}

class InflatedTooLarge extends Error {}

/**
 * Inflates raw DEFLATE data, stopping as soon as the output passes `limit` bytes: memory and time
 * stay bounded by the limit, never by what the data claims to hold.
 */
export function inflateBounded(bytes: Uint8Array, limit: number): { ok: true; bytes: Uint8Array } | { ok: false; reason: 'damaged' | 'tooLarge' } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new InflatedTooLarge();
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let offset = 0; offset < bytes.length && !finished; offset += INFLATE_INPUT_CHUNK) {
      const end = Math.min(bytes.length, offset + INFLATE_INPUT_CHUNK);
      inflater.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    return { ok: false, reason: error instanceof InflatedTooLarge ? 'tooLarge' : 'damaged' };
  }
  if (!finished) return { ok: false, reason: 'damaged' };
  const joined = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return { ok: true, bytes: joined };
}

/**
 * The graph in a share payload, or why not: LINK_DAMAGED, LINK_TOO_LARGE, or the file's own
 * problems. Never throws.
 */
export function decodeSharePayload(payload: string): ParseResult {
  const damaged: ParseResult = { ok: false, issues: [makeIssue('LINK_DAMAGED')] };
  const tooLarge: ParseResult = { ok: false, issues: [makeIssue('LINK_TOO_LARGE', { vars: { limit: `${MAX_INFLATED_BYTES / 1024 / 1024} MiB` } })] };
  if (payload.length > MAX_SHARE_CHARS) return tooLarge;
  const bytes = fromBase64Url(payload);
  if (!bytes || bytes.length === 0) return damaged;
  const inflated = inflateBounded(bytes, MAX_INFLATED_BYTES);
  if (!inflated.ok) return inflated.reason === 'tooLarge' ? tooLarge : damaged;
  let text: string;
  try {
    text = strFromU8(inflated.bytes);
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
