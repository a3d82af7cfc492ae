/** Reading a graph file from disk for the CLI: its size is checked before a byte is read. */
import { readFile, stat } from 'node:fs/promises';
import { type Issue, makeIssue } from '../graph/issues';
import { MAX_FILE_BYTES } from '../graph/readGraphBlob';
import { MAX_FILE_CHARS } from '../graph/schema';

/** The file's text, or the problem (too large, unreadable). Never throws. */
export async function readGraphFileText(file: string): Promise<{ ok: true; text: string } | { ok: false; issue: Issue }> {
  try {
    const { size } = await stat(file);
    if (size > MAX_FILE_BYTES) {
      return { ok: false, issue: makeIssue('FILE_TOO_LARGE', { variant: 'bytes', vars: { size, limit: MAX_FILE_CHARS } }) };
    }
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: makeIssue('INVALID_FILE', { variant: 'unreadable', vars: { reason } }) };
  }
}
