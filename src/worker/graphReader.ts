/**
 * A small worker that reads graph files and share links, so a large or hostile one (a 2 MB link
 * that would unpack to gigabytes, a file of thousands of nodes) never freezes the editor: the
 * main thread waits for a plain result and can end the worker if it takes too long. No tfjs here.
 */
import * as Comlink from 'comlink';
import type { ParseResult } from '../graph/format';
import { readGraphBlob } from '../graph/readGraphBlob';
import { decodeSharePayload } from '../graph/shareLink';

export interface GraphReaderApi {
  /** Reads and parses a picked or dropped file (its size is checked before reading). */
  readFile(file: Blob): Promise<ParseResult>;
  /** Decodes and parses a `#g=` payload (inflated with the size limit enforced while inflating). */
  decodeLink(payload: string): ParseResult;
}

const api: GraphReaderApi = {
  readFile: (file) => readGraphBlob(file),
  decodeLink: (payload) => decodeSharePayload(payload),
};

Comlink.expose(api);
