import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/engine/compile';
import { analyzeGraph } from '../../src/graph/analyze';
import { parseGraphFile, readGraphDocument } from '../../src/graph/format';
import { hasErrors, type Issue, REFUSED_ON_LOAD } from '../../src/graph/issues';
import { presetMutations } from './fuzzMutations';

/**
 * One pipeline, one verdict: every broken fixture and every preset mutation of the fuzz test goes
 * through parse → analyse → compile, and every stage that reports problems reports the same ones.
 * The loader refuses a file for exactly the analysis's REFUSED_ON_LOAD errors; the compiler, given
 * a graph with errors, returns exactly the analysis's issues, and builds every graph without any.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BROKEN_DIR = join(__dirname, 'fixtures/broken');
/** Larger models are left unbuilt (a mutation can ask for a 600-million-weight dense layer); counted below. */
const MAX_BUILT_PARAMS = 3_000_000;

const errorsOf = (issues: readonly Issue[]) => issues.filter((issue) => issue.severity === 'error');

type Outcome = 'document' | 'refused' | 'invalid' | 'built' | 'tooLarge';

/** Follows one input through every stage; returns how far it got. */
function followPipeline(input: unknown, context: string): Outcome {
  const parsed = parseGraphFile(input);
  const document = readGraphDocument(input);
  if (!document.ok) {
    // Refused before there is a whole graph: only the loader reports (with, for the nodes it could
    // read, their own load-refusing problems).
    expect(parsed.ok, context).toBe(false);
    if (!parsed.ok) expect(parsed.issues, context).toEqual(expect.arrayContaining(document.issues));
    return 'document';
  }

  const analysis = analyzeGraph(document.graph);
  const refusedOnLoad = errorsOf(analysis.issues).filter((issue) => REFUSED_ON_LOAD.has(issue.code));
  if (parsed.ok) {
    expect(refusedOnLoad, context).toEqual([]);
    // Loading fills in defaults; the analysis of what was loaded says the same as of what was read.
    expect(analyzeGraph(parsed.graph).issues, context).toEqual(analysis.issues);
  } else {
    expect(errorsOf(parsed.issues), context).toEqual(refusedOnLoad);
  }

  // The compiler sees the document whether or not the loader took it, and must agree with the analysis.
  if (hasErrors(analysis.issues)) {
    expect(compileGraph(tf, document.graph), context).toEqual({ ok: false, issues: analysis.issues });
    return parsed.ok ? 'invalid' : 'refused';
  }
  if (analysis.totalParams > MAX_BUILT_PARAMS) return 'tooLarge';
  const compiled = compileGraph(tf, document.graph);
  expect(compiled.ok ? 'built' : JSON.stringify(compiled.issues), context).toBe('built');
  expect(compiled.issues, context).toEqual(analysis.issues);
  if (compiled.ok) compiled.dispose();
  return 'built';
}

describe('parse → analyse → compile report the same problems', () => {
  const fixtures = readdirSync(BROKEN_DIR).filter((file) => file.endsWith('.json'));

  it.each(fixtures)('%s', (file) => {
    const outcome = followPipeline(readFileSync(join(BROKEN_DIR, file), 'utf8'), file);
    expect(outcome).not.toBe('built');
  });

  it('every preset mutation of the fuzz test', () => {
    const tally: Record<Outcome, number> = { document: 0, refused: 0, invalid: 0, built: 0, tooLarge: 0 };
    const before = tf.memory().numTensors;
    for (const { seed, input } of presetMutations()) tally[followPipeline(input, `seed ${seed}`)] += 1;
    expect(tf.memory().numTensors).toBe(before);
    // Every stage must actually be reached, or the comparison above tests nothing.
    // (On the day this was written: 796 unreadable, 312 refused, 11 loaded with errors, 81 built.)
    expect(tally.refused).toBeGreaterThan(200);
    expect(tally.invalid).toBeGreaterThan(5);
    expect(tally.built).toBeGreaterThan(50);
    expect(tally.tooLarge).toBeLessThan(tally.built);
  }, 600_000);
});
