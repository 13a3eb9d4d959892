const MAX_NAME_LENGTH = 200;
const FALLBACK_NAME = 'файл';

/**
 * The uploader's file name made safe for display and for `Content-Disposition`: no directories
 * (`../`, `C:\`), no control characters, no percent-encoded NULs or separators, bounded length.
 * The name is never used to build a path on disk; files are stored under generated keys.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  let name = String(raw ?? '');
  // Percent-encoded NULs and separators (`%00`, `%2f`, `%5c`) are dropped before anything else.
  name = name.replace(/%(00|2f|5c)/gi, '');
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  // Only the last path segment counts, whichever separator the client's OS uses.
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[<>:"|?*]/g, '_').trim();
  // Leading dots would make hidden files or `..`.
  name = name.replace(/^\.+/, '').trim();
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
  }
  return name === '' ? FALLBACK_NAME : name;
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
