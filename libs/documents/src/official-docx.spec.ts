import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { holidayCalendarFor, quarterlyBulletinDocument, supervisionNoticeDocument, yearEndSummaryDocument } from '@plancycle/domain';
import { docxFilename, renderOfficialDocx } from './official-docx';

jest.setTimeout(60_000);

const plan = { title: '沅江市2026年科技创新工作要点', jurisdiction: '沅江市', year: 2026 };
const notice = supervisionNoticeDocument({
  facts: {
    level: 'supervision',
    number: { year: 2026, number: 1 },
    raisedAt: Date.parse('2026-09-30T02:00:00Z'),
    reason: '督办：报送逾期（逾期1个宽限期，累计逾期1期）',
    periodKey: 'Q2',
    period: { label: '第二季度', dueAt: Date.parse('2026-07-15T15:59:59Z') },
    unit: '市财政局',
    role: 'lead',
    task: { number: '3', title: '加大科技投入', leader: '钟兴旺' },
    target: '全社会研发经费投入增长12%以上',
    plan,
    holidayCalendar: holidayCalendarFor({ years: [2026], overrides: [] }),
  },
  issuer: '沅江市科技创新工作专班办公室',
  responseWorkingDays: 5,
});

/** The document's text as Word shows it, one paragraph (or table cell) a line. */
async function textOf(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

function soffice(): string | null {
  for (const candidate of ['soffice', 'libreoffice']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 30_000 });
      return candidate;
    } catch {
      // not installed under this name
    }
  }
  return null;
}

describe('official documents as Word files', () => {
  it('writes a 督办通知单 that reads back with its number, unit, task, target, dates and 落款', async () => {
    const buffer = await renderOfficialDocx(notice);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const text = await textOf(buffer);
    for (const expected of [
      '督办〔2026〕1号',
      '督办通知单',
      '市财政局：',
      '市财政局（牵头）',
      '3 加大科技投入',
      '全社会研发经费投入增长12%以上',
      '第二季度（Q2）',
      '2026年7月15日',
      '督办：报送逾期（逾期1个宽限期，累计逾期1期）',
      '2026年10月13日前（5个工作日内）',
      '沅江市科技创新工作专班办公室',
      '2026年9月30日',
      '抄送：钟兴旺同志（责任领导）。',
    ]) {
      expect(text).toContain(expected);
    }
    // Reading order: head, title, addressee, body, 落款 (office before date).
    const order = ['督办〔2026〕1号', '督办通知单', '市财政局：', '现予以督办', '请你单位高度重视', '2026年9月30日', '抄送'].map((s) =>
      text.indexOf(s),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(docxFilename(notice)).toBe('督办通知单-督办〔2026〕1号-市财政局.docx');
  });

  it('writes a 季通报 with its table and the late and lagging units', async () => {
    const bulletin = quarterlyBulletinDocument({
      plan,
      period: { key: 'Q1', label: '第一季度', dueAt: Date.parse('2026-04-15T15:59:59Z') },
      units: [
        { unit: '市科工局', assigned: 4, reported: 4, approved: 3, late: 0, lagging: 1, escalated: 0 },
        { unit: '市财政局', assigned: 2, reported: 0, approved: 0, late: 2, lagging: 0, escalated: 1 },
      ],
      issuer: '沅江市科技创新工作专班办公室',
      issuedAt: Date.parse('2026-04-20T02:00:00Z'),
    });
    const text = await textOf(await renderOfficialDocx(bulletin));
    expect(text).toContain('2026年第一季度工作情况通报');
    expect(text).toContain('应报送6项，已报送4项（66.7%），审核通过3项（50%）');
    expect(text).toContain('逾期未报送2项，涉及市财政局');
    expect(text).toMatch(/合计\s+6\s+4\s+3\s+2\s+1\s+1/);
    expect(text).toContain('2026年4月20日');
  });

  it('writes the 工作总结 with the ranking', async () => {
    const summary = yearEndSummaryDocument({
      plan,
      summaryText: '2026年沅江市《沅江市2026年科技创新工作要点》年终考核情况\n共考核指标2项，其中超额完成1项。',
      units: [
        { unit: '市科工局', score: 100, rank: 1, indicators: 1, outcomes: { exceeded: 1, met: 0, not_met: 0, no_data: 0 } },
        { unit: '市财政局', score: 40, rank: 2, indicators: 1, outcomes: { exceeded: 0, met: 0, not_met: 1, no_data: 0 } },
      ],
      issuer: '沅江市科技创新工作专班办公室',
      issuedAt: Date.parse('2026-12-31T02:00:00Z'),
    });
    const text = await textOf(await renderOfficialDocx(summary));
    expect(text).toContain('年终考核情况');
    expect(text).toContain('共考核指标2项，其中超额完成1项。');
    expect(text).toMatch(/1\s+市科工局\s+100\.00/);
    expect(text).toMatch(/2\s+市财政局\s+40\.00/);
  });

  const office = soffice();
  (office ? it : it.skip)('converts to PDF with LibreOffice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plancycle-docx-'));
    try {
      const input = path.join(dir, 'notice.docx');
      writeFileSync(input, await renderOfficialDocx(notice));
      execFileSync(office as string, ['--headless', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: 'ignore', timeout: 50_000 });
      const pdf = readFileSync(path.join(dir, 'notice.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!office) {
    it('converts to PDF with LibreOffice: skipped, soffice is not installed (apt-get install libreoffice-writer-nogui to run it)', () => {
      console.info('LibreOffice (soffice) is not installed: the PDF conversion test is skipped.');
    });
  }
});
