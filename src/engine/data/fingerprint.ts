/**
 * The content fingerprint a data reference carries: SHA-256 (Web Crypto, in the worker and in Node)
 * over a manifest of what was imported, so the same files give the same fingerprint in any browser
 * and in the CLI, whatever order they were picked in:
 *
 *   images: one line per image that was decoded, sorted:  <split>\t<class>\t<path>\t<sha256 of the file>\n
 *   tables: one line per file:                            <split>\t<sha256 of the file>\n
 *
 * `split` is 'train' or 'test'; `path` is the file's path inside its class folder. Files that were
 * skipped are not part of it.
 */
import { compareCodePoints } from './imageLayout';

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() takes a BufferSource; a view into a larger buffer is hashed as its own bytes.
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export interface ManifestLine {
  split: 'train' | 'test';
  /** Empty for a table file. */
  className?: string;
  /** Empty for a table file. */
  path?: string;
  sha256: string;
}

export async function manifestFingerprint(lines: readonly ManifestLine[]): Promise<string> {
  const text = lines
    .map((line) => (line.className === undefined ? `${line.split}\t${line.sha256}\n` : `${line.split}\t${line.className}\t${line.path ?? ''}\t${line.sha256}\n`))
    .sort(compareCodePoints)
    .join('');
  return `sha256:${await sha256Hex(new TextEncoder().encode(text))}`;
}
