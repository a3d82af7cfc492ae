/**
 * Reading a graph file the user picked or dropped: its size is checked before a byte is read (a
 * 600 MiB file is "too large", never "empty"), then the text goes through parseGraphFile.
 */
import { type ParseResult, parseGraphFile } from './format';
import { makeIssue } from './issues';
import { MAX_FILE_CHARS } from './schema';

/** A UTF-8 character takes at most 4 bytes: a longer file cannot be within the character limit. */
export const MAX_FILE_BYTES = 4 * MAX_FILE_CHARS;

/** The part of a File this needs (a Blob has it too). */
export interface ReadableFile {
  readonly size: number;
  text(): Promise<string>;
}

/** FILE_TOO_LARGE for a file beyond the limit, from its size alone; undefined when it may be read. */
export function refuseBySize(file: Pick<ReadableFile, 'size'>): ParseResult | undefined {
  if (file.size <= MAX_FILE_BYTES) return undefined;
  return { ok: false, issues: [makeIssue('FILE_TOO_LARGE', { variant: 'bytes', vars: { size: file.size, limit: MAX_FILE_CHARS } })] };
}

/** Reads and parses a graph file. Never throws. */
export async function readGraphBlob(file: ReadableFile): Promise<ParseResult> {
  const refused = refuseBySize(file);
  if (refused) return refused;
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, issues: [makeIssue('INVALID_FILE', { variant: 'notReadable' })] };
  }
  return parseGraphFile(text);
}
