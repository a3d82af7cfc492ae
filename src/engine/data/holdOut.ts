/**
 * The seeded test split of data that came without a separate test folder or file: from each class,
 * the same fraction, chosen at random but the same on every machine for the same seed. Stratified,
 * so a small class still has test samples. Exactly, for anyone who must reproduce it elsewhere:
 *
 *   random = mulberry32(mixSeeds(seed, 0xfffffffe))        (seededRandom.ts; one stream for all classes)
 *   for k = 0 … K−1:  I = the indices of class k in data order
 *                      Fisher–Yates shuffle I with random (i from the end, j = floor(random()·(i+1)))
 *                      n = |I| < 2 ? 0 : min(|I| − 1, max(1, round(|I| · fraction)))
 *                      the first n of I are test
 *   test and train are then each in ascending data order.
 */
import { mixSeeds, mulberry32, shuffleInPlace } from './seededRandom';

export const TEST_STREAM = 0xfffffffe;

export interface HeldOut {
  train: Uint32Array;
  test: Uint32Array;
}

export function holdOutTest(labels: Uint8Array, classCount: number, fraction: number, seed: number): HeldOut {
  const random = mulberry32(mixSeeds(seed, TEST_STREAM));
  const isTest = new Uint8Array(labels.length);
  let testCount = 0;
  for (let label = 0; label < classCount; label++) {
    const members: number[] = [];
    for (let index = 0; index < labels.length; index++) if (labels[index] === label) members.push(index);
    const indices = shuffleInPlace(Uint32Array.from(members), random);
    const take = indices.length < 2 ? 0 : Math.min(indices.length - 1, Math.max(1, Math.round(indices.length * fraction)));
    for (let k = 0; k < take; k++) isTest[indices[k] as number] = 1;
    testCount += take;
  }
  const train = new Uint32Array(labels.length - testCount);
  const test = new Uint32Array(testCount);
  let nextTrain = 0;
  let nextTest = 0;
  for (let index = 0; index < labels.length; index++) {
    if (isTest[index]) test[nextTest++] = index;
    else train[nextTrain++] = index;
  }
  return { train, test };
}
