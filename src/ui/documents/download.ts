/** "kairo-unreadable-2025-01-31T12-00-00.json": a name that says what the file is and when it was kept. */
export function rawTextFileName(when = new Date()): string {
  return `kairo-unreadable-${when.toISOString().slice(0, 19).replace(/:/g, '-')}.json`;
}
