/** Offers a text as a file download (the browser's own download; nothing leaves the machine). */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; revoking later keeps slow browsers from losing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "kairo-unreadable-2025-01-31T12-00-00.json": a name that says what the file is and when it was kept. */
export function rawTextFileName(when = new Date()): string {
  return `kairo-unreadable-${when.toISOString().slice(0, 19).replace(/:/g, '-')}.json`;
}
