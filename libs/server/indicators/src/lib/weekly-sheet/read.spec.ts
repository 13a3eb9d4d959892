import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { WeeklySheetError } from './errors';
import { decodeText, readSheetRowRuns, type SheetRow, type WeeklySheetFormat } from './read';

async function rows(bytes: Buffer, format: WeeklySheetFormat, chunkSize = 7): Promise<SheetRow[]> {
  // Small chunks: multi-byte characters and line endings get split across chunk boundaries.
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  const result: SheetRow[] = [];
  for await (const rows of readSheetRowRuns(Readable.from(chunks), format)) result.push(...rows);
  return result;
}

async function text(chunks: Buffer[]): Promise<string> {
  let out = '';
  for await (const part of decodeText(Readable.from(chunks))) out += part;
  return out;
}

describe('decodeText', () => {
  const russian = 'Код организации;Неделя\r\nШК-1;01.09.2025\r\n';

  it('reads UTF-8 with and without BOM', async () => {
    expect(await text([Buffer.from(`\uFEFF${russian}`, 'utf8')])).toBe(russian);
    expect(await text([Buffer.from(russian, 'utf8')])).toBe(russian);
  });

  it('falls back to Windows-1251 when the bytes are not UTF-8', async () => {
    expect(await text([iconv.encode(russian, 'win1251')])).toBe(russian);
  });

  it('switches to Windows-1251 mid-stream when everything before was ASCII', async () => {
    expect(await text([Buffer.from('code;week\n'), iconv.encode('ШК-1;2025-W36\n', 'win1251')])).toBe('code;week\nШК-1;2025-W36\n');
  });

  it('refuses a file that is UTF-8 first and something else later', async () => {
    await expect(text([Buffer.from('Код;week\n', 'utf8'), iconv.encode('ШК-1\n', 'win1251')])).rejects.toBeInstanceOf(WeeklySheetError);
  });
});

describe('readSheetRowRuns (CSV)', () => {
  it('detects `;` and numbers rows as a spreadsheet shows them, blank ones included', async () => {
    const csv = 'Код организации;Неделя;Писали работники\r\nSS-001;2025-W36;"1 234"\n\r\nSS-002;01.09.2025;5\rSS-003;2025-09-01;"a;b"';
    expect(await rows(Buffer.from(csv), 'csv')).toEqual([
      { rowNumber: 1, cells: ['Код организации', 'Неделя', 'Писали работники'] },
      { rowNumber: 2, cells: ['SS-001', '2025-W36', '1 234'] },
      { rowNumber: 3, cells: [''] },
      { rowNumber: 4, cells: ['SS-002', '01.09.2025', '5'] },
      { rowNumber: 5, cells: ['SS-003', '2025-09-01', 'a;b'] },
    ]);
  });

  it('detects `,` from the header line (Windows-1251)', async () => {
    const csv = iconv.encode('Код организации,Неделя,Сферум всего\nШК-1,"2025-W36",40\n', 'win1251');
    expect(await rows(csv, 'csv', 3)).toEqual([
      { rowNumber: 1, cells: ['Код организации', 'Неделя', 'Сферум всего'] },
      { rowNumber: 2, cells: ['ШК-1', '2025-W36', '40'] },
    ]);
  });

  it('refuses binary content', async () => {
    await expect(rows(Buffer.from([0x00, 0x01, 0x02, 0x0a]), 'csv')).rejects.toBeInstanceOf(WeeklySheetError);
  });
});

describe('readSheetRowRuns (XLSX)', () => {
  it('reads the first sheet: formula results, date cells, numbers, rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Данные');
    sheet.addRow(['Код организации', 'Неделя', 'Писали работники']);
    sheet.addRow([{ richText: [{ text: 'SS-' }, { text: '001' }] }, new Date(Date.UTC(2025, 8, 3)), { formula: '2+3', result: 5 }]);
    sheet.getCell('B2').numFmt = 'dd.mm.yyyy';
    sheet.addRow(['SS-002', 45901, 7]);
    workbook.addWorksheet('Другой').addRow(['не читается']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await rows(bytes, 'xlsx', 4096)).toEqual([
      { rowNumber: 1, cells: ['Код организации', 'Неделя', 'Писали работники'] },
      { rowNumber: 2, cells: ['SS-001', new Date(Date.UTC(2025, 8, 3)), 5] },
      { rowNumber: 3, cells: ['SS-002', 45901, 7] },
    ]);
  });

  it('fails a broken workbook', async () => {
    await expect(rows(Buffer.from('PK\u0003\u0004 not really a zip'), 'xlsx')).rejects.toBeInstanceOf(WeeklySheetError);
  });
});
