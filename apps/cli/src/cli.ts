import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planDocumentSchema } from '@plancycle/contracts';
import {
  decodeDocument,
  exportPlanXlsx,
  importPlanText,
  importPlanXlsx,
  parseTargetPhrase,
  UnreadableDocumentError,
  type ImportIssue,
  type ImportResult,
} from '@plancycle/plan-import';
import { Presets, SingleBar } from 'cli-progress';

/** Where the CLI writes; a test passes its own streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: plancycle <command> [arguments]

Commands:
  import <file>                 read a plan document (.txt/.md text, UTF-8 or GB18030, or an .xlsx
                                decomposition table) and print the draft plan as JSON on stdout;
                                what the importer was unsure of goes to stderr
  parse-target <phrase>         print the JSON array of indicators of one target phrase
  export <plan.json> <out.xlsx> write a plan document as an .xlsx decomposition table
  help                          this text
`;

/** Text long enough to show a progress bar: a bar for a few milliseconds of work is noise. */
const LONG_INPUT_TTY = 50_000;
const LONG_INPUT = 500_000;
const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT_FAILED,
  ) {
    super(message);
  }
}

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'import':
        return await importCommand(args, io);
      case 'parse-target':
        return parseTargetCommand(args, io);
      case 'export':
        return await exportCommand(args, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return EXIT_OK;
      case undefined:
      default:
        io.stderr.write(command === undefined ? USAGE : `plancycle: unknown command "${command}"\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`plancycle: ${error.message}\n`);
      return error.code;
    }
    throw error;
  }
}

async function readInput(file: string, io: CliIo): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
}

async function importCommand(args: string[], io: CliIo): Promise<number> {
  const file = args[0];
  if (file === undefined || args.length > 1) throw new CliError(`import takes one file\n${USAGE}`, EXIT_USAGE);
  const bytes = await readInput(file, io);
  let result: ImportResult;
  if (bytes.subarray(0, 4).equals(XLSX_MAGIC)) {
    result = await importPlanXlsx(bytes);
    const fatal = result.issues.find((issue) => issue.severity === 'error');
    if (fatal !== undefined) throw new CliError(`cannot read ${file}: ${fatal.reason}`);
  } else {
    let text: string;
    try {
      text = decodeDocument(bytes);
    } catch (error) {
      if (error instanceof UnreadableDocumentError) throw new CliError(`cannot read ${file}: ${error.message}`);
      throw error;
    }
    if (text.trim() === '') throw new CliError(`cannot read ${file}: the document is empty`);
    result = importWithProgress(text, io);
  }
  const checked = planDocumentSchema.safeParse(result.plan);
  if (!checked.success) {
    const first = checked.error.issues[0];
    throw new CliError(`the importer produced an invalid plan: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim());
  }
  io.stdout.write(`${JSON.stringify(checked.data, null, 2)}\n`);
  reportIssues(result.issues, file, io);
  return EXIT_OK;
}

function importWithProgress(text: string, io: CliIo): ImportResult {
  const long = text.length >= LONG_INPUT || (io.stderr.isTTY === true && text.length >= LONG_INPUT_TTY);
  if (!long) return importPlanText(text);
  const bar = new SingleBar(
    {
      stream: io.stderr,
      noTTYOutput: io.stderr.isTTY !== true,
      clearOnComplete: true,
      format: 'importing [{bar}] {percentage}% | {value}/{total} paragraphs',
    },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return importPlanText(text, {
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
  } finally {
    if (started) bar.stop();
  }
}

function reportIssues(issues: ImportIssue[], file: string, io: CliIo): void {
  for (const issue of issues) {
    io.stderr.write(`${file}:${issue.line ?? '-'}: ${issue.severity}: ${issue.reason}\n`);
  }
}

function parseTargetCommand(args: string[], io: CliIo): number {
  const phrase = args.join(' ');
  if (phrase.trim() === '') throw new CliError(`parse-target takes a phrase\n${USAGE}`, EXIT_USAGE);
  io.stdout.write(`${JSON.stringify(parseTargetPhrase(phrase), null, 2)}\n`);
  return EXIT_OK;
}

async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const [input, output] = args;
  if (input === undefined || output === undefined || args.length > 2) throw new CliError(`export takes a plan file and an output file\n${USAGE}`, EXIT_USAGE);
  const bytes = await readInput(input, io);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CliError(`cannot read ${input}: not JSON`);
  }
  const checked = planDocumentSchema.safeParse(parsed);
  if (!checked.success) throw new CliError(`${input} is not a plan document: ${checked.error.issues[0]?.message ?? ''}`);
  await writeFile(resolve(io.cwd, output), await exportPlanXlsx(checked.data));
  io.stderr.write(`wrote ${output}: ${checked.data.tasks.length} tasks\n`);
  return EXIT_OK;
}
