import { expect, type Locator, type Page } from '@playwright/test';

/** The canvas draws every card this wide at zoom 1 (src/graph/cardSize.ts CARD_WIDTH). */
export const CARD_WIDTH = 172;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return box;
}

/** Whether `inner` lies wholly inside `outer` (half a pixel of rounding allowed). */
export function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** React Flow's node boxes on the page now, by node id. */
export async function nodeBoxes(page: Page): Promise<Map<string, Box>> {
  const boxes = await page.locator('.react-flow__node').evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      return [element.getAttribute('data-id') ?? '', { x: rect.x, y: rect.y, width: rect.width, height: rect.height }] as const;
    }),
  );
  return new Map(boxes);
}

/** How the canvas frames the graph now: the zoom read from the cards' drawn width, and the cards outside the canvas. */
export async function framing(page: Page): Promise<{ zoom: number; outside: string[]; count: number }> {
  const canvas = await boxOf(page.getByTestId('canvas'));
  const boxes = await nodeBoxes(page);
  const first = [...boxes.values()][0];
  return {
    zoom: first ? first.width / CARD_WIDTH : 0,
    outside: [...boxes].filter(([, box]) => !inside(box, canvas)).map(([id]) => id),
    count: boxes.size,
  };
}

/**
 * Moves keyboard focus with Tab (Shift+Tab when `backwards`) until the element with `testId` has it,
 * as a keyboard user would; fails after `limit` presses.
 */
export async function tabTo(page: Page, testId: string, { backwards = false, limit = 200 } = {}): Promise<void> {
  for (let press = 0; press < limit; press++) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (focused === testId) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} was not reached with ${limit} presses of Tab`);
}

/** Waits until the page's focus is on the element with `testId`. */
export async function expectFocused(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId)).toBeFocused();
}
