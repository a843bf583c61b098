/**
 * Benchmark of the plan importer (not a test): import time per document (median of N runs after
 * warm-up) and target phrases parsed per second over the corpus.
 *   npx tsx scripts/bench-import.ts [runs]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importPlanText, parseTargetPhrase } from '@plancycle/plan-import';
import { TARGET_PHRASES } from '../libs/plan-import/test/target-phrases.corpus';
import { sharedPlanFixturesDir } from '../test/support/shared-fixtures';

const runs = Number(process.argv[2] ?? 50);
const root = resolve(__dirname, '..');
const documents: Array<[string, string]> = [];
const inputs: Array<[string, string]> = [
  [sharedPlanFixturesDir(), 'xiangtan-2018-key-points.txt'],
  [sharedPlanFixturesDir(), 'yuanjiang-2024-innovation-action-plan.txt'],
  ['libs/plan-import/test/fixtures', 'taoyuan-2024-task-table.txt'],
  ['libs/plan-import/test/fixtures', 'taoyuan-2023-summary-and-plan.txt'],
];
for (const [dir, name] of inputs) {
  try {
    documents.push([name, readFileSync(resolve(root, dir, name), 'utf8')]);
  } catch {
    process.stderr.write(`skipped ${name}: not found\n`);
  }
}

/** A 30 KB prose plan made of the fixtures' kind of tasks, with traditional characters and glosses mixed in. */
function syntheticDocument(bytes: number): string {
  const lines = [
    '某市2024年科技创新工作要点',
    '',
    '一、主要目标',
    '力争全社会研发经费投入增长12%以上;技术合同交易额达30亿元。',
    '',
    '二、重点任务',
    '',
  ];
  let size = Buffer.byteLength(lines.join('\n'));
  for (let i = 1; size < bytes; i++) {
    if (i % 6 === 1) lines.push(`(${'一二三四五六七八九十'[Math.floor(i / 6) % 10] ?? '一'})第${i}类重点工作`, '');
    const line =
      i % 3 === 0
        ? `${i}.強化企業創新主體地位(wèi)。新增高新技術企業${i}家以上,力爭技術合同交易額達${i}億元,組織開展評價60家左右。(市科工局牽頭,市財政局、市稅務局等按職能分工負責)`
        : `${i}.推进创新平台建设。新增省级工程技术研究中心${i}家以上、省级企业技术中心5个以上,在全省考核中前进3个位次,位列全省前三;每万人高价值发明专利拥有量达1.3件以上。(责任领导:张三,责任部门:高新科、规财科)`;
    lines.push(line, '');
    size += Buffer.byteLength(line) + 2;
  }
  return lines.join('\n');
}
documents.push(['synthetic 30 KB prose plan', syntheticDocument(30 * 1024)]);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const firstStart = performance.now();
importPlanText(documents[0]?.[1] ?? '');
const first = performance.now() - firstStart;

console.log(`Plan import, median of ${runs} runs after warm-up (node ${process.version})`);
console.log(`first import in this process (cold: before JIT warm-up): ${first.toFixed(1)} ms`);
for (const [name, text] of documents) {
  for (let i = 0; i < 3; i++) importPlanText(text);
  const times: number[] = [];
  let tasks = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    tasks = importPlanText(text).plan.tasks.length;
    times.push(performance.now() - start);
  }
  const kb = Buffer.byteLength(text) / 1024;
  console.log(
    `${name}: ${kb.toFixed(1)} KB, ${tasks} tasks, median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
  );
}

const phrases = TARGET_PHRASES.map(([phrase]) => phrase);
for (const phrase of phrases) parseTargetPhrase(phrase);
const rounds = 200;
const start = performance.now();
for (let r = 0; r < rounds; r++) for (const phrase of phrases) parseTargetPhrase(phrase);
const seconds = (performance.now() - start) / 1000;
console.log(
  `parseTargetPhrase: ${phrases.length} corpus phrases x ${rounds} rounds, ${Math.round((phrases.length * rounds) / seconds).toLocaleString('en-US')} phrases/s`,
);
