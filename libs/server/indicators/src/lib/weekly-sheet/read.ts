import { finished, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { SheetCell } from './cells';
import { WeeklySheetError } from './errors';

export type WeeklySheetFormat = 'csv' | 'xlsx';

/** One row of the first sheet; `rowNumber` is what a spreadsheet shows (the header is usually 1). */
export interface SheetRow {
  rowNumber: number;
  cells: SheetCell[];
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes a text file as it streams: a BOM means UTF-8; otherwise strict UTF-8 until a byte sequence
 * is not UTF-8 — then Windows-1251 (what Excel saves on Russian Windows). The switch is exact as long
 * as everything before was ASCII, which both encodings share; a file that is UTF-8 first and
 * something else later is refused.
 */
export async function* decodeText(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let utf8: TextDecoder | null = null;
  let asciiSoFar = true;
  let cp1251 = false;
  let first = true;
  for await (const raw of source) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (first) {
      first = false;
      const bom = UTF8_BOM.every((byte, index) => chunk[index] === byte);
      utf8 = new TextDecoder('utf-8', { fatal: !bom });
      if (bom) {
        asciiSoFar = false;
        chunk = chunk.subarray(3);
      }
    }
    if (cp1251) {
      yield iconv.decode(chunk, 'win1251');
      continue;
    }
    try {
      const text = (utf8 as TextDecoder).decode(chunk, { stream: true });
      if (asciiSoFar && /\P{ASCII}/u.test(text)) asciiSoFar = false;
      yield text;
    } catch {
      if (!asciiSoFar) throw new WeeklySheetError('Файл не в одной кодировке: сохраните его в UTF-8 или Windows-1251');
      cp1251 = true;
      yield iconv.decode(chunk, 'win1251');
    }
  }
  if (utf8 && !cp1251) {
    try {
      const rest = utf8.decode();
      if (rest) yield rest;
    } catch {
      throw new WeeklySheetError('Файл обрывается посреди символа: сохраните его заново');
    }
  }
}

function occurrences(text: string, character: string): number {
  return text.split(character).length - 1;
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

/**
 * A readable stream's objects a run at a time — all it has buffered — so that a consumer awaits once
 * per run rather than once per object. Throws the stream's error; ends with the stream.
 */
async function* runsOf<T>(stream: Readable): AsyncGenerator<T[]> {
  let wake = (): void => undefined;
  // undefined while the stream runs, null once it ended, the error if it failed.
  let outcome: Error | null | undefined;
  const onReadable = (): void => wake();
  stream.on('readable', onReadable);
  const stopWatching = finished(stream, { writable: false }, (error) => {
    outcome = error ?? null;
    wake();
  });
  try {
    for (;;) {
      const run: T[] = [];
      for (let item: T | null = stream.destroyed ? null : stream.read(); item !== null; item = stream.read()) run.push(item);
      if (run.length) yield run;
      else if (outcome) throw outcome;
      else if (outcome === null) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', onReadable);
    stopWatching();
  }
}

/** CSV: `;` or `,` (whichever the header line has more of), quoted fields, any mix of \r\n, \n and \r. */
async function* csvRows(source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow[]> {
  const text = decodeText(source);
  let head = '';
  while (!/[\r\n]/.test(head)) {
    const step = await text.next();
    if (step.done) break;
    head += step.value;
  }
  const headerLine = head.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = occurrences(headerLine, ';') >= occurrences(headerLine, ',') ? ';' : ',';
  const feed = Readable.from(
    (async function* () {
      // Text has no NUL characters: such a file is binary, whatever its name says.
      for await (const part of prepend(head, text)) {
        if (part.includes('\u0000')) throw new WeeklySheetError('Файл не похож на таблицу CSV: загрузите CSV или XLSX');
        yield part;
      }
    })(),
    { objectMode: false },
  );
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'], skip_empty_lines: false });
  feed.on('error', (error) => parser.destroy(error));
  feed.pipe(parser);
  let rowNumber = 0;
  try {
    for await (const records of runsOf<string[]>(parser)) {
      const rows: SheetRow[] = [];
      for (const cells of records) rows.push({ rowNumber: ++rowNumber, cells });
      yield rows;
    }
  } catch (error) {
    if (error instanceof WeeklySheetError) throw error;
    throw new WeeklySheetError(`Не удалось разобрать CSV (строка ${rowNumber + 1}): ${(error as Error).message}`);
  } finally {
    feed.destroy();
    parser.destroy();
  }
}

/** An XLSX cell's value as shown: formulas by their cached result, rich text as its text, errors as `#N/A` etc. */
function xlsxCell(value: ExcelJS.CellValue | undefined): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    // The streaming reader drops error results (#DIV/0!) and a never-calculated formula has none:
    // show the formula, so the cell is reported instead of read as empty.
    const { result, formula, sharedFormula } = value as { result?: ExcelJS.CellValue; formula?: string; sharedFormula?: string };
    return result === undefined || result === null ? `=${formula ?? sharedFormula ?? ''}` : xlsxCell(result);
  }
  if ('hyperlink' in value) return xlsxCell(value.text as ExcelJS.CellValue);
  return null;
}

/** What `WorksheetReader.parse()` yields: the events of one chunk of the sheet's XML. */
type WorksheetEvents = AsyncIterable<{ eventType: string; value: unknown }[]>;

/** XLSX through exceljs's streaming reader: the first worksheet only, the rows of each chunk of XML as it is parsed. */
async function* xlsxRows(source: Readable): AsyncGenerator<SheetRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      // The same rows as the sheet's row iterator, which awaits once per row: parse() hands over a chunk's rows at once.
      for await (const events of (sheet as ExcelJS.stream.xlsx.WorksheetReader).parse() as unknown as WorksheetEvents) {
        const rows: SheetRow[] = [];
        for (const { eventType, value } of events) {
          if (eventType !== 'row') continue;
          const row = value as ExcelJS.Row;
          const values = row.values as ExcelJS.CellValue[];
          const cells: SheetCell[] = [];
          for (let index = 1; index < values.length; index++) cells.push(xlsxCell(values[index]));
          rows.push({ rowNumber: row.number, cells });
        }
        if (rows.length) yield rows;
      }
      break;
    }
  } catch (error) {
    if (error instanceof WeeklySheetError) throw error;
    throw new WeeklySheetError('Не удалось прочитать файл XLSX: он повреждён или это не книга Excel');
  } finally {
    source.destroy();
  }
  if (!sheets) throw new WeeklySheetError('В книге XLSX нет листов');
}

/**
 * Rows of the first sheet of a CSV or XLSX stream, header included, blank rows included, in runs of
 * what the reader has at hand (one await per run instead of one per row).
 */
export function readSheetRowRuns(source: Readable, format: WeeklySheetFormat): AsyncGenerator<SheetRow[]> {
  return format === 'xlsx' ? xlsxRows(source) : csvRows(source);
}
