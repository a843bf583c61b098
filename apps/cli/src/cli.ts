import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DomainError, planDocumentSchema } from '@plancycle/contracts';
import { IDENTITY_DEFAULTS, signIn, SignInError } from '@plancycle/devstack';
import { exportPlanXlsx, importPlanFile, parseTargetPhrase, type ImportIssue, type PlanFileImport } from '@plancycle/plan-import';
import { Presets, SingleBar } from 'cli-progress';

/** Where the CLI writes; a test passes its own streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  /** Where `login` reads OIDC_ISSUER and IDENTITY_DEMO_PASSWORD (default: none). */
  env?: NodeJS.ProcessEnv;
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
  login --email <e-mail> [--password <p>] [--issuer <url>] [--json]
                                sign in to the embedded identity provider (development: authorization
                                code + PKCE through its login form) and print the API access token;
                                password defaults to IDENTITY_DEMO_PASSWORD, issuer to OIDC_ISSUER
  help                          this text
`;

/** A file long enough to show a progress bar (bytes): a bar for a few milliseconds of work is noise. */
const LONG_INPUT_TTY = 50_000;
const LONG_INPUT = 500_000;

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
      case 'login':
        return await loginCommand(args, io);
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
  let result: PlanFileImport;
  try {
    result = await importWithProgress(bytes, file, io);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The reasons the API gives as field issues, one line each under the summary:
    // `file:12` becomes `<file>:12`, a plan field (`tasks.3.title`) stays as it is.
    const details = error.issues
      .filter((issue) => issue.message !== error.message)
      .map((issue) => `\n${issue.path.startsWith('file') ? file + issue.path.slice('file'.length) : issue.path}: ${issue.message}`);
    const summary = error.code === 'PLAN_INVALID' ? error.message : `cannot read ${file}: ${error.message}`;
    throw new CliError(`${summary}${details.join('')}`);
  }
  io.stdout.write(`${JSON.stringify(result.plan, null, 2)}\n`);
  reportIssues(result.issues, file, io);
  reportPeriodAndResults(result, file, io);
  return EXIT_OK;
}

async function importWithProgress(bytes: Buffer, file: string, io: CliIo): Promise<PlanFileImport> {
  const planFile = { bytes, fileName: basename(file) };
  const long = bytes.length >= LONG_INPUT || (io.stderr.isTTY === true && bytes.length >= LONG_INPUT_TTY);
  if (!long) return importPlanFile(planFile);
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
    return await importPlanFile(planFile, {
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

/** A plan's span of years and a summary's results (achieved values), on stderr beside the issues. */
function reportPeriodAndResults(result: PlanFileImport, file: string, io: CliIo): void {
  if (result.period !== null) io.stderr.write(`${file}: period ${result.period.from}-${result.period.to}\n`);
  for (const target of result.results) {
    const values = target.indicators.map((indicator) => `${indicator.value ?? '?'}${indicator.unit ?? ''}`).join(', ');
    io.stderr.write(`${file}: result: ${target.text} (${values})\n`);
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
  if (input === undefined || output === undefined || args.length > 2)
    throw new CliError(`export takes a plan file and an output file\n${USAGE}`, EXIT_USAGE);
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

/** Reads `--name value` options; `flags` are options without a value. */
function parseOptions(args: string[], names: string[], flags: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i]?.replace(/^--/, '') ?? '';
    if (flags.includes(name)) {
      options.set(name, 'true');
      continue;
    }
    const value = args[i + 1];
    if (!args[i]?.startsWith('--') || !names.includes(name) || value === undefined) {
      throw new CliError(`login: unexpected ${args[i] ?? ''}\n${USAGE}`, EXIT_USAGE);
    }
    options.set(name, value);
    i++;
  }
  return options;
}

async function loginCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, ['email', 'password', 'issuer'], ['json']);
  const email = options.get('email');
  if (!email) throw new CliError(`login takes --email <e-mail>\n${USAGE}`, EXIT_USAGE);
  const env = io.env ?? {};
  const issuer = options.get('issuer') ?? env['OIDC_ISSUER'] ?? `http://127.0.0.1:${IDENTITY_DEFAULTS.port}`;
  const password = options.get('password') ?? env['IDENTITY_DEMO_PASSWORD'] ?? IDENTITY_DEFAULTS.demoPassword;
  try {
    const result = await signIn({ issuer, email, password });
    io.stdout.write(options.has('json') ? `${JSON.stringify(result, null, 2)}\n` : `${result.accessToken}\n`);
    io.stderr.write(`signed in as ${email} at ${issuer}; the access token expires in ${result.expiresIn} s\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof SignInError) throw new CliError(`sign-in refused: ${error.message}`);
    // fetch's network failure (a TypeError, compared by name: it may come from another realm).
    if ((error as Error | null)?.name === 'TypeError' && (error as Error).message === 'fetch failed') {
      throw new CliError(`cannot reach the identity provider at ${issuer} (is \`npm run up\` running? set OIDC_ISSUER or --issuer)`);
    }
    throw error;
  }
}
