import { cleanDocument, cleanDocumentText } from './document.cleaner';
import { decodeDocument, UnreadableDocumentError } from './document.decoder';

describe('cleanDocument', () => {
  it('strips converter glosses and keeps real parentheses and traditional characters', () => {
    const text = cleanDocumentText('工作任務(wù)與責(zé)任單位(dān wèi)。(市科工局牵头)開發(fā)新產品(產品)(R&D)');
    expect(text).toBe('工作任務與責任單位。(市科工局牵头)開發新產品(產品)(R&D)');
  });

  it('leaves toneless words in parentheses alone when the document shows no converter', () => {
    expect(cleanDocumentText('使用(app)平台')).toBe('使用(app)平台');
    expect(cleanDocumentText('任務(wù)与平台(men)')).toBe('任務与平台');
  });

  it('drops page chrome and keeps the line numbers of the lines it keeps', () => {
    const cleaned = cleanDocument(
      ['您的位置: 首页 > 信息公开', '2018年工作要点', '扫一扫在手机打开当前页', '【打印本页】 【关闭窗口】', '1.加强建设。'].join('\n'),
    );
    expect(cleaned.lines.map((line) => [line.line, line.text])).toEqual([
      [2, '2018年工作要点'],
      [5, '1.加强建设。'],
    ]);
    expect(cleaned.chromeLines).toEqual([1, 3, 4]);
  });

  it('reads metadata from the lines it drops', () => {
    const cleaned = cleanDocument('发布时间:2024-05-15 16:52 信息来源:沅江市科工局 作者: 浏览量:\n正文');
    expect(cleaned.metadata).toEqual({ date: '2024-05-15 16:52', source: '沅江市科工局' });
  });

  it('normalises widths and spacing', () => {
    expect(cleanDocumentText('新增 高新技术企业 ２０ 家，增长１２％；（市科工局）')).toBe('新增高新技术企业20家,增长12%;(市科工局)');
    expect(cleanDocumentText('申报1 — 2项')).toBe('申报1-2项');
  });
});

describe('decodeDocument', () => {
  it('reads UTF-8 with a BOM and GB18030', () => {
    expect(decodeDocument(Buffer.from('\uFEFF工作要点', 'utf8'))).toBe('工作要点');
    const gbk = Buffer.from([0xb9, 0xa4, 0xd7, 0xf7, 0xd2, 0xaa, 0xb5, 0xe3]);
    expect(decodeDocument(gbk)).toBe('工作要点');
  });

  it('refuses binary data', () => {
    expect(() => decodeDocument(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41]))).toThrow(UnreadableDocumentError);
  });
});
