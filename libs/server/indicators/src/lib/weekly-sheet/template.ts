import ExcelJS from 'exceljs';
import { MEASURE_LABELS } from '@karta/contracts';
import { MEASURES } from '@karta/domain';
import { CODE_HEADER, MEASURE_HEADERS, WEEK_HEADER, WEEKLY_SHEET_HEADERS } from './layout';

/** What each column means, for the template's second sheet and the README. */
export const WEEKLY_SHEET_COLUMN_NOTES: readonly [string, string][] = [
  [CODE_HEADER, 'Код организации, как в справочнике организаций (например, SS-001)'],
  [WEEK_HEADER, 'Неделя: 2025-W36 или любая дата этой недели (01.09.2025, 2025-09-01, дата Excel)'],
  ...MEASURES.map((measure): [string, string] => [MEASURE_HEADERS[measure], `${MEASURE_LABELS[measure]}; пустая ячейка — не сообщается в этом файле`]),
];

/** The template as CSV: UTF-8 with BOM (Excel opens it in the right encoding), `;`, the header only. */
export function weeklySheetTemplateCsv(): Buffer {
  return Buffer.from(`\uFEFF${WEEKLY_SHEET_HEADERS.join(';')}\r\n`, 'utf8');
}

/** The template as XLSX: the header on the first sheet (the one imported), notes and an example on a second. */
export async function weeklySheetTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Показатели за неделю');
  sheet.addRow([...WEEKLY_SHEET_HEADERS]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, position) => (column.width = position < 2 ? 18 : 24));
  sheet.getColumn(2).numFmt = '@';
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = workbook.addWorksheet('Пояснения');
  notes.addRow(['Столбец', 'Что указывать']);
  for (const note of WEEKLY_SHEET_COLUMN_NOTES) notes.addRow([...note]);
  notes.addRow([]);
  notes.addRow(['Пример строки', '']);
  notes.addRow([...WEEKLY_SHEET_HEADERS]);
  notes.addRow(['SS-001', '2025-W36', 30, 250, 180, 120, 400, 0]);
  notes.getRow(1).font = { bold: true };
  notes.getColumn(1).width = 28;
  notes.getColumn(2).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
