import ExcelJS from 'exceljs';
import FileType from 'file-type';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { isEmail, isURL } from 'class-validator';
import { isLocalDate } from '@karta/domain';
import {
  HEADCOUNT_KIND_LABELS,
  type HeadcountKindValue,
  type ImportRowError,
  ORGANIZATION_IMPORT_COLUMNS,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KIND_VALUES,
  type OrganizationKindValue,
} from '@karta/contracts';

export type ImportColumn = (typeof ORGANIZATION_IMPORT_COLUMNS)[number];

/** A valid row of the file, ready to be matched against the database. */
export interface ImportRecord {
  row: number;
  code: string;
  parentCode: string;
  name: string;
  shortName: string;
  kind: OrganizationKindValue;
  headName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  maxChannelUrl: string | null;
  headcounts: { kind: HeadcountKindValue; value: number }[];
  headcountDate: string | null;
}

export class UnreadableFileError extends Error {}

const REQUIRED: readonly ImportColumn[] = ['Код', 'Код вышестоящей', 'Полное наименование', 'Тип'];
const HEADCOUNT_COLUMNS: readonly [ImportColumn, HeadcountKindValue][] = [
  ['Работники', 'staff_stat'],
  ['Обучающиеся', 'students_stat'],
  ['Фактическая численность', 'actual_headcount_ministry'],
];
const MAX_ROWS = 5000;

/** Kinds by their Russian label, their API value, or a common abbreviation. */
const KIND_ALIASES: ReadonlyMap<string, OrganizationKindValue> = new Map<string, OrganizationKindValue>([
  ...ORGANIZATION_KIND_VALUES.map((kind): [string, OrganizationKindValue] => [kind, kind]),
  ...ORGANIZATION_KIND_VALUES.map((kind): [string, OrganizationKindValue] => [normalize(ORGANIZATION_KIND_LABELS[kind]), kind]),
  ['школа', 'school'],
  ['оо', 'school'],
  ['детский сад', 'kindergarten'],
  ['доо', 'kindergarten'],
  ['удо', 'additional_education'],
  ['одо', 'additional_education'],
  ['уо', 'department'],
  ['муо', 'department'],
]);

function normalize(value: string): string {
  return value.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

/** Reads the first sheet of an XLSX or a CSV (UTF-8 with or without BOM, or Windows-1251; `;` or `,`). */
export async function readTable(buffer: Buffer): Promise<string[][]> {
  if (!buffer.length) throw new UnreadableFileError('Файл пуст');
  const type = await FileType.fromBuffer(buffer);
  if (type?.ext === 'xlsx') return readXlsx(buffer);
  if (type) throw new UnreadableFileError(`Неподдерживаемый формат файла (${type.ext}); загрузите XLSX или CSV`);
  return readCsv(buffer);
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('Не удалось прочитать файл XLSX');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('В книге нет листов');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= Math.max(row.cellCount, ORGANIZATION_IMPORT_COLUMNS.length); column++) {
      values.push(cellText(row.getCell(column).value));
    }
    table[rowNumber - 1] = values;
  });
  return Array.from(table, (row) => row ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** UTF-8 when the bytes are valid UTF-8, otherwise Windows-1251 (what Excel saves in Russian Windows). */
export function decodeText(buffer: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = iconv.decode(buffer, 'win1251');
  }
  return text.replace(/^\uFEFF/, '');
}

function readCsv(buffer: Buffer): string[][] {
  const text = decodeText(buffer);
  if (text.includes('\u0000')) throw new UnreadableFileError('Файл не похож на таблицу XLSX или CSV');
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(headerLine, ';') >= count(headerLine, ',') ? ';' : ',';
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, trim: true }) as string[][];
  } catch (error) {
    throw new UnreadableFileError(`Не удалось разобрать CSV: ${(error as Error).message}`);
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Parses a date cell: ДД.ММ.ГГГГ or ГГГГ-ММ-ДД. */
export function parseDate(value: string): string | null {
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const iso = russian ? `${russian[3]}-${russian[2].padStart(2, '0')}-${russian[1].padStart(2, '0')}` : value;
  return isLocalDate(iso) ? iso : null;
}

/** Validates every row on its own (codes and parents are resolved later against the database). */
export function parseRecords(table: string[][]): { records: ImportRecord[]; errors: ImportRowError[]; rows: number } {
  const errors: ImportRowError[] = [];
  const header = (table[0] ?? []).map((cell) => normalize(cell));
  const index = new Map<ImportColumn, number>();
  for (const column of ORGANIZATION_IMPORT_COLUMNS) {
    const position = header.indexOf(normalize(column));
    if (position >= 0) index.set(column, position);
  }
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length) {
    return {
      records: [],
      rows: 0,
      errors: missing.map((column) => ({ row: 1, column, message: `Нет обязательного столбца «${column}»` })),
    };
  }
  const dataRows = table
    .map((cells, position) => ({ cells, row: position + 1 }))
    .slice(1)
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (dataRows.length > MAX_ROWS) {
    return { records: [], rows: dataRows.length, errors: [{ row: 1, column: '', message: `Не больше ${MAX_ROWS} строк в одном файле` }] };
  }
  if (!dataRows.length) errors.push({ row: 2, column: '', message: 'В файле нет ни одной строки с организацией' });
  const records: ImportRecord[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of dataRows) {
    const rowErrors: ImportRowError[] = [];
    const get = (column: ImportColumn): string => {
      const position = index.get(column);
      return position === undefined ? '' : (cells[position] ?? '').trim();
    };
    const fail = (column: ImportColumn | '', message: string) => rowErrors.push({ row, column, message });
    const text = (column: ImportColumn, max: number): string | null => {
      const value = get(column);
      if (value.length > max) fail(column, `Не длиннее ${max} символов`);
      return value || null;
    };

    const code = get('Код');
    if (!code) fail('Код', 'Укажите код');
    else if (code.length > 64) fail('Код', 'Не длиннее 64 символов');
    else if (seen.has(code)) fail('Код', `Код повторяется (уже в строке ${seen.get(code)})`);
    else seen.set(code, row);

    const parentCode = get('Код вышестоящей');
    if (!parentCode) fail('Код вышестоящей', 'Укажите код вышестоящей организации');
    else if (parentCode === code) fail('Код вышестоящей', 'Организация не может быть вышестоящей для самой себя');

    const name = get('Полное наименование');
    if (!name) fail('Полное наименование', 'Укажите полное наименование');
    else if (name.length > 500) fail('Полное наименование', 'Не длиннее 500 символов');
    const shortName = get('Краткое наименование') || name.slice(0, 200);
    if (shortName.length > 200) fail('Краткое наименование', 'Не длиннее 200 символов');

    const kindText = get('Тип');
    const kind = KIND_ALIASES.get(normalize(kindText));
    if (!kind) fail('Тип', kindText ? `Неизвестный тип «${kindText}»` : 'Укажите тип организации');

    const headName = text('Руководитель', 300);
    const phone = text('Телефон', 64);
    const email = text('E-mail', 320);
    if (email && !isEmail(email)) fail('E-mail', 'Некорректный адрес электронной почты');
    const address = text('Адрес', 500);
    const maxChannelUrl = text('Канал MAX', 500);
    if (maxChannelUrl && !isURL(maxChannelUrl, { protocols: ['https', 'http'], require_protocol: true, require_tld: true })) {
      fail('Канал MAX', 'Ссылка должна начинаться с https://');
    }

    const headcounts: ImportRecord['headcounts'] = [];
    for (const [column, headcountKind] of HEADCOUNT_COLUMNS) {
      const raw = get(column).replace(/\s/g, '');
      if (!raw) continue;
      if (!/^\d{1,8}$/.test(raw)) fail(column, `${HEADCOUNT_KIND_LABELS[headcountKind]}: целое число не меньше 0`);
      else headcounts.push({ kind: headcountKind, value: Number(raw) });
    }
    const dateText = get('Дата численности');
    const headcountDate = dateText ? parseDate(dateText) : null;
    if (dateText && !headcountDate) fail('Дата численности', 'Дата в формате ДД.ММ.ГГГГ');
    if (!dateText && headcounts.length) fail('Дата численности', 'Укажите дату, с которой действует численность');

    if (rowErrors.length || !kind) {
      errors.push(...rowErrors);
      continue;
    }
    records.push({
      row,
      code,
      parentCode,
      name,
      shortName,
      kind,
      headName,
      phone,
      email: email?.toLowerCase() ?? null,
      address,
      maxChannelUrl,
      headcounts,
      headcountDate,
    });
  }
  return { records, errors, rows: dataRows.length };
}

/** The downloadable template: the header, one example row and a sheet listing the kinds. */
export async function buildTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Организации');
  sheet.addRow([...ORGANIZATION_IMPORT_COLUMNS]);
  sheet.addRow([
    'SS-031',
    'RD-SS-UO',
    'Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № 1»',
    'МКОУ «СОШ № 1»',
    ORGANIZATION_KIND_LABELS.school,
    'Иванов Иван Иванович',
    '+7 900 000-00-00',
    'school1@example.ru',
    'с. Касумкент, ул. Школьная, 1',
    'https://max.ru/school1',
    42,
    380,
    410,
    '01.09.2025',
  ]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, position) => (column.width = position === 2 ? 60 : 22));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const kinds = workbook.addWorksheet('Типы');
  kinds.addRow(['Тип (можно писать так)', 'Значение']);
  for (const kind of ORGANIZATION_KIND_VALUES) kinds.addRow([ORGANIZATION_KIND_LABELS[kind], kind]);
  kinds.getRow(1).font = { bold: true };
  kinds.getColumn(1).width = 50;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
