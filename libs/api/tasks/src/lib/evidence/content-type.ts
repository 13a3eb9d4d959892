import FileType from 'file-type';

export interface DetectedType {
  ext: string;
  mime: string;
  /** Office formats are zip archives and get the zip-bomb check. */
  isZip: boolean;
}

/** Accepted evidence formats, by what the content is, never by the name or the client's claim. */
const ALLOWED: Readonly<Record<string, { mime: string; isZip: boolean }>> = {
  pdf: { mime: 'application/pdf', isZip: false },
  png: { mime: 'image/png', isZip: false },
  jpg: { mime: 'image/jpeg', isZip: false },
  webp: { mime: 'image/webp', isZip: false },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', isZip: true },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', isZip: true },
  odt: { mime: 'application/vnd.oasis.opendocument.text', isZip: true },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', isZip: true },
};

export const ALLOWED_FORMATS_RU = 'PDF, PNG, JPEG, WEBP, DOCX, XLSX, ODT, ODS';

/** The type of a file judged from its first bytes, or `null` when it is not an accepted format. */
export async function detectAllowedType(path: string): Promise<DetectedType | null> {
  const detected = await FileType.fromFile(path);
  if (!detected) return null;
  const allowed = ALLOWED[detected.ext];
  if (!allowed) return null;
  return { ext: detected.ext, mime: allowed.mime, isZip: allowed.isZip };
}
