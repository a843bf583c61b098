import type { DocumentBlock, OfficialDocument } from '@plancycle/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';

/**
 * Word (.docx) in the manner of GB/T 9704-2012 (党政机关公文格式): A4, 天头 37 mm, 订口 28 mm,
 * 版心 156 × 225 mm; the issuing office in red over a red rule; the title in 2号 小标宋; the
 * body in 3号 仿宋 with a two-character first-line indent on a fixed 28.95 pt line (22 lines
 * of 28 characters); headings in 3号 黑体; 落款 on the right; page numbers "— 1 —" in 4号 宋体.
 * Fonts are named, not embedded: Word (and LibreOffice) substitute what the machine lacks.
 */

const MM = 56.7; // twips per millimetre
const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  table: '仿宋_GB2312',
  pageNumber: '宋体',
} as const;
/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小4号 12 pt. */
const SIZE = { title: 44, body: 32, pageNumber: 28, table: 24 } as const;
const RED = 'E60012';
/** A fixed line of 28.95 pt (22 lines in the 225 mm 版心). */
const BODY_LINE = { line: 579, lineRule: LineRuleType.EXACT } as const;

function run(text: string, font: string, size: number, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: { ascii: font, eastAsia: font, hAnsi: font }, size, ...extra });
}

function bodyParagraph(
  text: string,
  options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; keepNext?: boolean } = {},
) {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: BODY_LINE,
    ...(options.keepNext ? { keepNext: true, keepLines: true } : {}),
    ...(options.indent === false ? {} : { indent: { firstLine: 640 } }),
    children: [run(text, FONT.body, SIZE.body)],
  });
}

function cell(text: string, options: { bold?: boolean; widthPct: number; center?: boolean }): TableCell {
  return new TableCell({
    width: { size: options.widthPct, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [run(line, options.bold ? FONT.heading : FONT.table, SIZE.table)],
        }),
    ),
  });
}

function fieldsTable(rows: { label: string; value: string }[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    rows: rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: [cell(row.label, { bold: true, widthPct: 22, center: true }), cell(row.value, { widthPct: 78 })],
        }),
    ),
  });
}

function dataTable(header: string[], rows: string[][]): Table {
  const first = 100 - (header.length - 1) * Math.floor(70 / Math.max(1, header.length - 1));
  const widthOf = (index: number) => (index === 0 ? first : Math.floor(70 / Math.max(1, header.length - 1)));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        children: header.map((text, index) => cell(text, { bold: true, widthPct: widthOf(index), center: true })),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, index) => cell(text, { widthPct: widthOf(index), center: index !== 0 })),
          }),
      ),
    ],
  });
}

/** `last`: the body's closing paragraph, kept on the page of the 落款 (a 落款 never stands alone on a page). */
function blockElements(block: DocumentBlock, last: boolean): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ spacing: BODY_LINE, indent: { firstLine: 640 }, children: [run(block.text, FONT.heading, SIZE.body)] })];
    case 'paragraph':
      return [bodyParagraph(block.text, { keepNext: last })];
    case 'fields':
      return [fieldsTable(block.rows), new Paragraph({ spacing: BODY_LINE, children: [] })];
    case 'table':
      return [dataTable(block.header, block.rows), new Paragraph({ spacing: BODY_LINE, children: [] })];
  }
}

/** The document's head: the issuing office in red, the 文号, a red rule, then the title. */
function head(document: OfficialDocument): Paragraph[] {
  const paragraphs: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240 },
      children: [run(document.issuer, FONT.title, 52, { color: RED })],
    }),
  ];
  paragraphs.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...BODY_LINE, after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
      children: document.documentNumber ? [run(document.documentNumber, FONT.body, SIZE.body)] : [],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 480, after: 480, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(document.title, FONT.title, SIZE.title)],
    }),
  );
  if (document.addressee) paragraphs.push(bodyParagraph(document.addressee, { indent: false }));
  return paragraphs;
}

/** 落款: the office and the date, right-aligned with four characters' room on the right; then 抄送. */
function tail(document: OfficialDocument): Paragraph[] {
  const signature = (text: string, keepNext: boolean) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: BODY_LINE,
      indent: { right: 1280 },
      ...(keepNext ? { keepNext: true } : {}),
      children: [run(text, FONT.body, SIZE.body)],
    });
  const paragraphs = [
    new Paragraph({ spacing: BODY_LINE, keepNext: true, children: [] }),
    signature(document.issuer, true),
    signature(document.issuedOn, false),
  ];
  if (document.copyTo) {
    paragraphs.push(
      new Paragraph({ spacing: BODY_LINE, children: [] }),
      new Paragraph({
        spacing: BODY_LINE,
        indent: { left: 320, right: 320 },
        border: {
          top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 },
          bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 },
        },
        children: [run(`抄送：${document.copyTo}。`, FONT.body, 28)],
      }),
    );
  }
  return paragraphs;
}

/** Renders a document model of `@plancycle/domain` as a .docx file. */
export async function renderOfficialDocx(document: OfficialDocument): Promise<Buffer> {
  const file = new Document({
    creator: document.issuer,
    title: document.title,
    description: document.documentNumber ?? document.title,
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: { ascii: FONT.pageNumber, eastAsia: FONT.pageNumber, hAnsi: FONT.pageNumber },
                    size: SIZE.pageNumber,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...head(document),
          ...document.blocks.flatMap((block, index) => blockElements(block, index === document.blocks.length - 1)),
          ...tail(document),
        ],
      },
    ],
  });
  return Packer.toBuffer(file);
}

/** `督办通知单-督办〔2026〕1号-市财政局.docx`: the model's file name, safe for a file system. */
export function docxFilename(document: OfficialDocument): string {
  return `${document.filename.replace(/[\\/:*?"<>|]/g, '_')}.docx`;
}
