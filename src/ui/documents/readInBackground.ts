/**
 * Reads a graph file or a share link in the graph-reader worker (src/worker/graphReader.ts) and
 * answers with the same ParseResult the loader gives. A read that takes longer than the limit ends
 * the worker and is refused; where no worker can start (an old browser, tests in Node) the same
 * functions run here instead. The size of a file is checked before anything is sent.
 */
import * as Comlink from 'comlink';
import type { ParseResult } from '../../graph/format';
import { makeIssue } from '../../graph/issues';
import { readGraphBlob, refuseBySize } from '../../graph/readGraphBlob';
import { decodeSharePayload } from '../../graph/shareLink';
import type { GraphReaderApi } from '../../worker/graphReader';

/** Far beyond the largest valid file or link (well under a second on a laptop); a slower read is refused. */
export const READ_TIMEOUT_MS = 20_000;

export type GraphSource = { kind: 'file'; file: Blob } | { kind: 'link'; payload: string };

function inThisThread(source: GraphSource): Promise<ParseResult> {
  return source.kind === 'file' ? readGraphBlob(source.file) : Promise.resolve(decodeSharePayload(source.payload));
}

function startReader(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined;
  try {
    return new Worker(new URL('../../worker/graphReader.ts', import.meta.url), { type: 'module', name: 'kairo-graph-reader' });
  } catch {
    return undefined;
  }
}

/** Reads `source` off the main thread where possible. Never throws. */
export async function readGraphInBackground(source: GraphSource, timeoutMs = READ_TIMEOUT_MS): Promise<ParseResult> {
  if (source.kind === 'file') {
    const refused = refuseBySize(source.file);
    if (refused) return refused;
  }
  const worker = startReader();
  if (!worker) return inThisThread(source);
  const reader = Comlink.wrap<GraphReaderApi>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A worker that cannot load (blocked, failed) reads in this thread instead; one that is too slow is refused.
  const failed = new Promise<'failed'>((resolve) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      resolve('failed');
    });
  });
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), timeoutMs);
  });
  try {
    const reading = source.kind === 'file' ? reader.readFile(source.file) : reader.decodeLink(source.payload);
    const outcome = await Promise.race([reading, failed, slow]);
    if (outcome === 'failed') return inThisThread(source);
    if (outcome === 'slow') {
      const seconds = Math.round(timeoutMs / 1000);
      return { ok: false, issues: [makeIssue(source.kind === 'link' ? 'LINK_TOO_LARGE' : 'FILE_TOO_LARGE', { variant: 'slow', vars: { seconds } })] };
    }
    return outcome;
  } catch {
    return inThisThread(source);
  } finally {
    clearTimeout(timer);
    reader[Comlink.releaseProxy]();
    worker.terminate();
  }
}
