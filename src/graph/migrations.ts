import { type Issue, makeIssue } from './issues';
import { GRAPH_FORMAT_VERSION } from './types';

/**
 * Graph files carry a format version. When the format changes, the version goes up by one and a
 * migration is added here: a named, pure function that turns a file of version N into one of
 * version N + 1. Loading an old file runs every step in order, so each step only ever has to know
 * two neighbouring versions. Every step gets its own test with a real file of its input version.
 */

/** A file body as plain JSON data (after the envelope check, before the schema). */
export type RawGraphFile = Record<string, unknown>;

export interface GraphMigration {
  /** The version this step reads; it writes `from + 1`. */
  from: number;
  /** Short name for messages and tests, e.g. "edges-get-ids". */
  name: string;
  /** Pure: must not touch its argument (the runner hands it a copy all the same). */
  migrate(file: RawGraphFile): RawGraphFile;
}

/** Every migration, oldest first. Version 1 is the first format, so there are none yet. */
export const GRAPH_MIGRATIONS: readonly GraphMigration[] = [];

export type MigrationResult =
  | { ok: true; file: RawGraphFile; applied: string[] }
  | { ok: false; issue: Issue };

/** The oldest version the given migrations can bring up to `toVersion`. */
export function oldestReadableVersion(
  migrations: readonly GraphMigration[] = GRAPH_MIGRATIONS,
  toVersion: number = GRAPH_FORMAT_VERSION,
): number {
  let version = toVersion;
  while (migrations.some((step) => step.from === version - 1)) version -= 1;
  return version;
}

/** Runs the steps from `fromVersion` up to `toVersion`; the result has `version: toVersion`. */
export function migrateGraphFile(
  file: RawGraphFile,
  fromVersion: number,
  migrations: readonly GraphMigration[] = GRAPH_MIGRATIONS,
  toVersion: number = GRAPH_FORMAT_VERSION,
): MigrationResult {
  let current: RawGraphFile = file;
  const applied: string[] = [];
  for (let version = fromVersion; version < toVersion; version++) {
    const step = migrations.find((candidate) => candidate.from === version);
    if (!step) {
      const oldest = oldestReadableVersion(migrations, toVersion);
      return { ok: false, issue: makeIssue('INVALID_VERSION', { variant: 'tooOld', vars: { version: fromVersion, oldest } }) };
    }
    const where = { from: version, to: version + 1, step: step.name };
    let next: unknown;
    try {
      next = step.migrate(structuredClone(current));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, issue: makeIssue('MIGRATION_FAILED', { variant: 'threw', vars: { ...where, reason } }) };
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      return { ok: false, issue: makeIssue('MIGRATION_FAILED', { variant: 'notGraph', vars: where }) };
    }
    current = { ...(next as RawGraphFile), version: version + 1 };
    applied.push(step.name);
  }
  return { ok: true, file: current, applied };
}
