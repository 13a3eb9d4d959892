import { contentDisposition, sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it.each<[string | undefined, string]>([
    ['отчёт.pdf', 'отчёт.pdf'],
    ['../../x.pdf', 'x.pdf'],
    ['..\\..\\windows\\x.pdf', 'x.pdf'],
    ['/etc/passwd', 'passwd'],
    ['a%00.pdf', 'a.pdf'],
    ['a\u0000b.pdf', 'ab.pdf'],
    ['..%2f..%2fx.pdf', 'x.pdf'],
    ['line\nbreak\r.pdf', 'linebreak.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['a<b>:"c"|?*.pdf', 'a_b___c____.pdf'],
    ['...hidden', 'hidden'],
    ['..', 'файл'],
    ['', 'файл'],
    [undefined, 'файл'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('bounds the length and keeps the extension', () => {
    const name = sanitizeFileName(`${'я'.repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('отчёт (1).pdf')).toBe(
      `attachment; filename="_____ (1).pdf"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%281%29.pdf`,
    );
  });

  it('cannot be broken out of with quotes', () => {
    expect(contentDisposition('a";b.pdf')).toBe(`attachment; filename="a_;b.pdf"; filename*=UTF-8''a%22%3Bb.pdf`);
  });
});
