import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { ORGANIZATION_IMPORT_COLUMNS } from '@karta/contracts';
import { buildTemplate, decodeText, parseDate, parseRecords, readTable, UnreadableFileError } from './organization-import.parser';

const header = [...ORGANIZATION_IMPORT_COLUMNS];
const row = (overrides: Partial<Record<(typeof header)[number], string>> = {}): string[] => {
  const values: Record<string, string> = {
    Код: 'SS-100',
    'Код вышестоящей': 'RD-SS-UO',
    'Полное наименование': 'МКОУ «Касумкентская СОШ № 1»',
    'Краткое наименование': 'Касумкентская СОШ № 1',
    Тип: 'Общеобразовательная организация',
    Работники: '40',
    Обучающиеся: '350',
    'Дата численности': '01.09.2025',
    ...overrides,
  };
  return header.map((column) => values[column] ?? '');
};

describe('organization import parser', () => {
  it('reads a valid row with Russian labels, dates and headcounts', () => {
    const { records, errors, rows } = parseRecords([header, row()]);
    expect(errors).toEqual([]);
    expect(rows).toBe(1);
    expect(records[0]).toMatchObject({
      row: 2,
      code: 'SS-100',
      kind: 'school',
      headcountDate: '2025-09-01',
      headcounts: [
        { kind: 'staff_stat', value: 40 },
        { kind: 'students_stat', value: 350 },
      ],
    });
  });

  it('reports every problem of a row with its line and column', () => {
    const { records, errors } = parseRecords([
      header,
      row(),
      row({ Код: 'SS-100', Тип: 'завод', Работники: '-1', 'Канал MAX': 'max.ru/x', 'E-mail': 'not-mail' }),
    ]);
    expect(records).toHaveLength(1);
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [3, 'Код'],
      [3, 'Тип'],
      [3, 'E-mail'],
      [3, 'Канал MAX'],
      [3, 'Работники'],
    ]);
  });

  it('asks for a date when headcounts are given and rejects impossible dates', () => {
    expect(parseRecords([header, row({ 'Дата численности': '' })]).errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Дата численности' }),
    ]);
    expect(parseDate('31.02.2025')).toBeNull();
    expect(parseDate('2025-09-01')).toBe('2025-09-01');
  });

  it('refuses a file without the required columns', () => {
    const { errors } = parseRecords([['Название', 'Адрес']]);
    expect(errors.map((error) => error.column)).toEqual(['Код', 'Код вышестоящей', 'Полное наименование', 'Тип']);
  });

  it('decodes UTF-8 with BOM and Windows-1251', () => {
    expect(decodeText(Buffer.from('\uFEFFКод;Тип', 'utf8'))).toBe('Код;Тип');
    expect(decodeText(iconv.encode('Код,Тип', 'win1251'))).toBe('Код,Тип');
  });

  it('detects the CSV separator on the header line', async () => {
    const semicolon = await readTable(Buffer.from('Код;Тип\n"A,1";школа\n', 'utf8'));
    expect(semicolon).toEqual([
      ['Код', 'Тип'],
      ['A,1', 'школа'],
    ]);
    const comma = await readTable(iconv.encode('Код,Тип\nA;1,школа\n', 'win1251'));
    expect(comma[1]).toEqual(['A;1', 'школа']);
  });

  it('refuses binary files that are neither XLSX nor CSV', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await expect(readTable(png)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(readTable(Buffer.alloc(0))).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('reads back its own template', async () => {
    const template = await buildTemplate();
    const table = await readTable(template);
    const { records, errors } = parseRecords(table);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ code: 'SS-031', parentCode: 'RD-SS-UO', kind: 'school', headcountDate: '2025-09-01' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Организации', 'Типы']);
  });
});
