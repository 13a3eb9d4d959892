/**
 * Hands a downloaded file to the browser under `fileName` (the API answered it to an authenticated
 * request, so a plain link cannot fetch it). The object URL lives long enough for the save to start.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
