/** Hands a file to the browser as a download (the browser's own download; nothing leaves the machine). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
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

/** Offers a text as a file download. */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  downloadBlob(new Blob([text], { type }), name);
}
