import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { devEncryptionKey } from '../config/dev-key';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import {
  createPlatformRepository,
  DeploymentAlreadySplit,
  DeploymentNotRegistered,
  PlatformAlreadyRegistered,
  PlatformNotFound,
  type PlatformRepository,
  type RegisteredPlatform,
} from '../db/platform.repository';
import { LTI_ROUTES } from '../lti/lti-app';

/** Where the CLI writes. Each call is one or more whole lines, without the final newline. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** The command line is wrong: unknown command or option, missing or invalid value. */
export const EXIT_USAGE = 2;

/** How the admin runs this: from the sources (npm run platform) or from the built image, where src/ is absent. */
const PROGRAM = __filename.endsWith('.js') ? 'node dist/src/cli/platform.js' : 'npm run platform --';

export const PLATFORM_USAGE = `Usage: ${PROGRAM} <command> [options]

Registers the LMS platforms (Moodle or any LTI 1.3 platform) that may launch DigiSkill.
Copy the values from the LMS. In Moodle: Site administration > Plugins > Activity modules >
External tool > Manage tools > the tool's "View configuration details" (list icon).

Commands:
  add              Register a platform
    --issuer <url>           Platform ID, exactly as the LMS shows it
    --client-id <id>         Client ID
    --auth-endpoint <url>    Authentication request URL
    --token-endpoint <url>   Access token URL
    --keyset-url <url>       Public keyset URL
    --deployment-id <id>     Deployment ID (repeat the option for several)
    --name <text>            A name to recognise it by (default: the issuer's host)
  add-deployment   Accept more deployment ids from a registered platform
    --issuer <url>  --client-id <id>  --deployment-id <id> [--deployment-id <id> ...]
  split-deployment Make a deployment an organisation of its own (one LMS hosting several organisations)
    --issuer <url>  --deployment-id <id>  --name <text>
                             From then on its launches go to the new organisation; what was recorded
                             through it so far stays where it is
  list             Show the registered platforms
    --json                   Print JSON instead of a table
  remove           Remove a platform; launches from it are refused from then on
    --issuer <url>           Platform ID
    --client-id <id>         Only this client id (default: every client id of the issuer)
  help             Show this text

Example:
  ${PROGRAM} add --issuer https://moodle.example.go.th --client-id AbC123xyz \\
    --auth-endpoint https://moodle.example.go.th/mod/lti/auth.php \\
    --token-endpoint https://moodle.example.go.th/mod/lti/token.php \\
    --keyset-url https://moodle.example.go.th/mod/lti/certs.php --deployment-id 3

The database is DATABASE_URL, or else the embedded one in DATA_DIR (default: data), which only one
process can use at a time: stop the tool before running this command.
Exit codes: 0 done, 1 failed, 2 wrong command or options.`;

/** An expected failure: its message is for the admin, as is. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Command line: node:util parseArgs in tokens mode, so that every problem is reported at once (strict mode
// stops at the first). Unknown options, missing values, stray arguments and repeats are all errors.

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}
type OptionValues = Record<string, string | string[] | boolean | undefined>;

const ADD_OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'auth-endpoint': { type: 'string' },
  'token-endpoint': { type: 'string' },
  'keyset-url': { type: 'string' },
  'deployment-id': { type: 'string', multiple: true },
  name: { type: 'string' },
} satisfies Record<string, OptionSpec>;
const ADD_DEPLOYMENT_OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'deployment-id': { type: 'string', multiple: true },
} satisfies Record<string, OptionSpec>;
const SPLIT_DEPLOYMENT_OPTIONS = {
  issuer: { type: 'string' },
  'deployment-id': { type: 'string' },
  name: { type: 'string' },
} satisfies Record<string, OptionSpec>;
const LIST_OPTIONS = { json: { type: 'boolean' } } satisfies Record<string, OptionSpec>;
const REMOVE_OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
} satisfies Record<string, OptionSpec>;

const HELP_OPTION: Record<string, OptionSpec> = { help: { type: 'boolean' } };

function parseOptions(
  command: string,
  args: string[],
  specs: Record<string, OptionSpec>,
): { values: OptionValues; problems: string[]; flagged: Set<string> } {
  const all = { ...specs, ...HELP_OPTION };
  const values: OptionValues = {};
  const problems: string[] = [];
  /** Options already reported; their "required" is not a second problem. */
  const flagged = new Set<string>();
  // "--issuer --client-id x": parseArgs would take "--client-id" as the issuer and "x" as a stray argument.
  // Report the missing value and drop the option, so that the rest parses as the admin meant it.
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (arg === '--') {
      kept.push(...args.slice(i));
      break;
    }
    if (name && all[name]?.type === 'string' && next !== undefined && next.startsWith('-') && next !== '-') {
      problems.push(
        `${arg}: needs a value (found "${next}" instead; write ${arg}=${next} if that is the value)`,
      );
      flagged.add(name);
      continue;
    }
    kept.push(arg);
  }
  const { tokens } = parseArgs({
    args: kept,
    options: { ...all, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let skipPositionalAt = -1;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (token.index !== skipPositionalAt) {
        problems.push(
          `unexpected argument "${token.value}" (values with spaces need quotes; options start with --)`,
        );
      }
      continue;
    }
    const spec = all[token.name];
    if (!spec) {
      problems.push(`${token.rawName}: unknown option for "${command}"`);
      // "--colour red": the value of the unknown option is not a second problem.
      if (token.value === undefined) skipPositionalAt = token.index + 1;
      continue;
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) problems.push(`${token.rawName}: takes no value`);
      else values[token.name] = true;
      continue;
    }
    if (token.value === undefined) {
      problems.push(`${token.rawName}: needs a value`);
      flagged.add(token.name);
      continue;
    }
    const previous = values[token.name];
    if (spec.multiple) {
      values[token.name] = [...(Array.isArray(previous) ? previous : []), token.value];
    } else if (previous !== undefined) {
      problems.push(`${token.rawName}: given more than once`);
      flagged.add(token.name);
    } else {
      values[token.name] = token.value;
    }
  }
  return { values, problems, flagged };
}

// ---------------------------------------------------------------------------------------------------------
// Validation (zod). Keys are the option names, so each issue names its option.

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLocalHost = (host: string) => LOCAL_HOSTS.has(host) || host.endsWith('.localhost');

function required(hint: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? `required (${hint})` : 'must be text');
}

/** Absolute http(s) URL, kept exactly as typed. In production https only, except for localhost. */
function urlOption(hint: string, example: string, production: boolean, opts: { isIssuer?: boolean } = {}) {
  return z.string({ error: required(hint) }).superRefine((value, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    const expected = production ? 'an absolute https URL' : 'an absolute http(s) URL';
    if (value === '') return fail(`must not be empty (${hint})`);
    if (/\s/.test(value)) return fail('must not contain spaces');
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail(`must be ${expected}, e.g. ${example}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return fail(`must be ${expected}, e.g. ${example}`);
    if (production && url.protocol === 'http:' && !isLocalHost(url.hostname)) {
      return fail(`must be ${expected} in production (http is accepted only for localhost)`);
    }
    if (url.username || url.password) return fail('must not contain a user name or password');
    // LTI Core 1.3, "Issuer Identifier": scheme, host, optional port and path; no query or fragment.
    if (opts.isIssuer && (url.search || url.hash))
      return fail('must not contain a query (?) or fragment (#)');
  });
}

function idOption(hint: string) {
  return z
    .string({ error: required(hint) })
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .refine((v) => v === v.trim(), 'must not start or end with spaces');
}

function deploymentIdsOption() {
  const hint = 'Deployment ID; repeat --deployment-id for several';
  return z
    .array(idOption(hint), { error: required(hint) })
    .min(1, `at least one is required (${hint})`)
    .transform((ids) => [...new Set(ids)]);
}

function addSchema(production: boolean) {
  return z.object({
    issuer: urlOption("Moodle's Platform ID", 'https://moodle.example.go.th', production, { isIssuer: true }),
    'client-id': idOption("Moodle's Client ID"),
    'auth-endpoint': urlOption(
      "Moodle's Authentication request URL",
      'https://moodle.example.go.th/mod/lti/auth.php',
      production,
    ),
    'token-endpoint': urlOption(
      "Moodle's Access token URL",
      'https://moodle.example.go.th/mod/lti/token.php',
      production,
    ),
    'keyset-url': urlOption(
      "Moodle's Public keyset URL",
      'https://moodle.example.go.th/mod/lti/certs.php',
      production,
    ),
    'deployment-id': deploymentIdsOption(),
    name: z
      .string()
      .refine((v) => v.trim() !== '', 'must not be empty')
      .refine((v) => v.length <= 255, 'must be at most 255 characters')
      .optional(),
  });
}

const addDeploymentSchema = z.object({
  issuer: idOption("Moodle's Platform ID, as registered"),
  'client-id': idOption("Moodle's Client ID, as registered"),
  'deployment-id': deploymentIdsOption(),
});

const splitDeploymentSchema = z.object({
  issuer: idOption("Moodle's Platform ID, as registered"),
  'deployment-id': idOption('the Deployment ID whose launches become an organisation of their own'),
  name: z
    .string({ error: required("the new organisation's name") })
    .transform((v) => v.trim())
    .refine((v) => v !== '', 'must not be empty')
    .refine((v) => v.length <= 255, 'must be at most 255 characters'),
});

const removeSchema = z.object({
  issuer: idOption("Moodle's Platform ID, as registered"),
  'client-id': idOption('Client ID').optional(),
});

/** Validates the options; an option already reported by the parser is not reported again. */
function validate<T>(
  schema: z.ZodType<T>,
  values: OptionValues,
  flagged: Set<string>,
): { data?: T; problems: string[] } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { data: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues
      .filter((i) => !flagged.has(String(i.path[0])))
      .map((i) => `--${String(i.path[0])}: ${i.message}`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Database: the same one the tool uses, with the same encryption key.

function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user',
  '3D000': 'the database does not exist',
};

function connectionProblem(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERRORS[code]) return CONNECTION_ERRORS[code];
  if (/timeout.*connect|connection terminated/i.test(err.message)) return 'the connection timed out';
  return undefined;
}

async function answersHealthCheck(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Opens and migrates the tool's database. PGlite does not lock its folder: a second process would open it and
 * both would write over each other. Its postmaster.pid exists while a process has it open (and after a crash),
 * so we refuse then, and say whether the tool answers on its port.
 */
export async function openToolDatabase(
  config: Config,
  io: CliIo,
): Promise<{ db: Database; applied: string[] }> {
  let db: Database;
  if (config.databaseUrl) {
    db = await openDatabase(config.databaseUrl, undefined);
  } else {
    const dir = path.resolve(config.dataDir, 'pglite');
    const pidFile = path.join(dir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      if (await answersHealthCheck(config.port)) {
        throw new CliFailure(
          `DigiSkill is running (it answers on port ${config.port}) and has the embedded database ${dir} open.\n` +
            'The embedded database (PGlite) can be used by one process at a time: stop the tool (Ctrl+C where it\n' +
            'runs), run this command, then start the tool again. With DATABASE_URL (PostgreSQL) both can run at once.',
        );
      }
      throw new CliFailure(
        `The embedded database ${dir} is marked in use (${pidFile} exists),\n` +
          `but DigiSkill does not answer on port ${config.port}.\n` +
          'If DigiSkill is running on another port, stop it first: PGlite can be used by one process at a time.\n' +
          'If it is not running, it stopped without closing the database (a crash, or Ctrl+C): delete that file\n' +
          'and run this command again.',
      );
    }
    try {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      db = await openDatabase(undefined, dir);
    } catch (err) {
      throw new CliFailure(
        `Cannot open the embedded database ${dir}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  try {
    const applied = await migrate(db);
    if (applied.length) io.err(`Database updated: applied ${applied.join(', ')}`);
    return { db, applied };
  } catch (err) {
    await db.close().catch(() => undefined);
    const problem = connectionProblem(err);
    if (problem && config.databaseUrl) {
      throw new CliFailure(
        `Cannot use the database ${redactDatabaseUrl(config.databaseUrl)} (DATABASE_URL): ${problem}.`,
      );
    }
    throw err;
  }
}

/**
 * Reads the configuration as the tool does. Outside production a missing LTI_ENCRYPTION_KEY means the key
 * the tool generated in DATA_DIR; it is read (or made) only once a database is about to be used.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv): { config: Config; encryptionKey: () => string } {
  let isDevKey = false;
  let config: Config;
  try {
    config = loadConfig(env, () => {
      isDevKey = true;
      return '';
    });
  } catch (err) {
    if (err instanceof ConfigError)
      throw new CliFailure(`DigiSkill's configuration is invalid.\n${err.message}`);
    throw err;
  }
  return {
    config,
    encryptionKey: () => (isDevKey ? devEncryptionKey(config.dataDir) : config.encryptionKey),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Output

/** Quotes a value for a command the admin may copy into a POSIX shell. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Characters on screen: combining marks (Thai vowels and tone marks above and below) take no column. */
function displayWidth(s: string): number {
  return [...s.replace(/[\p{Mn}\p{Me}\u200b-\u200d]/gu, '')].length;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function labelled(pairs: [string, string][], indent = '  '): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join('\n');
}

function toolUrls(config: Config, env: NodeJS.ProcessEnv): string {
  const base = config.baseUrl;
  const lines = [
    'Enter these in the LMS (Moodle: Manage tools > edit the tool):',
    labelled([
      ['Tool URL', `${base}${LTI_ROUTES.launch}`],
      ['LTI version', 'LTI 1.3'],
      ['Public key type', 'Keyset URL'],
      ['Public keyset', `${base}${LTI_ROUTES.keys}`],
      ['Initiate login URL', `${base}${LTI_ROUTES.login}`],
      ['Redirection URI(s)', `${base}${LTI_ROUTES.launch}`],
    ]),
  ];
  if (!env.BASE_URL) {
    lines.push(
      `Note: BASE_URL is not set, so these use ${base}. Set BASE_URL to the tool's public https URL.`,
    );
  }
  return lines.join('\n');
}

function describePlatform(p: RegisteredPlatform): string {
  return labelled([
    ['Name', p.name],
    ['Platform ID (issuer)', p.issuer],
    ['Client ID', p.clientId],
    ['Deployment ID(s)', p.deploymentIds.join(', ')],
    ['Authentication request URL', p.authEndpoint],
    ['Access token URL', p.tokenEndpoint],
    ['Public keyset URL', p.keysetUrl],
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Commands

interface Context {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  config: Config;
  platforms: PlatformRepository;
}

async function addPlatform(ctx: Context, input: z.output<ReturnType<typeof addSchema>>): Promise<number> {
  const { io, platforms } = ctx;
  const issuer = input.issuer;
  const clientId = input['client-id'];
  try {
    await platforms.add({
      issuer,
      clientId,
      name: input.name?.trim() ?? new URL(issuer).host,
      authEndpoint: input['auth-endpoint'],
      tokenEndpoint: input['token-endpoint'],
      keysetUrl: input['keyset-url'],
      deploymentIds: input['deployment-id'],
    });
  } catch (err) {
    if (!(err instanceof PlatformAlreadyRegistered)) throw err;
    const existing = (await platforms.list()).find((p) => p.issuer === issuer && p.clientId === clientId);
    const who = `--issuer ${shellQuote(issuer)} --client-id ${shellQuote(clientId)}`;
    io.err(
      [
        `Platform ${issuer} with client id ${clientId} is already registered` +
          (existing
            ? ` as "${existing.name}" (deployment ids: ${existing.deploymentIds.join(', ') || 'none'}).`
            : '.'),
        'To accept another deployment id:',
        `  ${PROGRAM} add-deployment ${who} --deployment-id <id>`,
        'To change its details, remove it and add it again:',
        `  ${PROGRAM} remove ${who}`,
      ].join('\n'),
    );
    return EXIT_FAILURE;
  }
  const registered = (await platforms.list()).find((p) => p.issuer === issuer && p.clientId === clientId);
  io.out(`Registered platform "${registered?.name ?? issuer}".`);
  if (registered) io.out(describePlatform(registered));
  io.out('');
  io.out(toolUrls(ctx.config, ctx.env));
  return EXIT_OK;
}

async function addDeployment(ctx: Context, input: z.output<typeof addDeploymentSchema>): Promise<number> {
  const { io, platforms } = ctx;
  const issuer = input.issuer;
  const clientId = input['client-id'];
  const before = (await platforms.list()).find((p) => p.issuer === issuer && p.clientId === clientId);
  if (!before) {
    io.err(notFoundMessage(await platforms.list(), issuer, clientId));
    return EXIT_FAILURE;
  }
  try {
    await platforms.addDeployments(issuer, clientId, input['deployment-id']);
  } catch (err) {
    // Removed by someone else between the two statements.
    if (err instanceof PlatformNotFound) {
      io.err(notFoundMessage(await platforms.list(), issuer, clientId));
      return EXIT_FAILURE;
    }
    throw err;
  }
  const added = input['deployment-id'].filter((id) => !before.deploymentIds.includes(id));
  const known = input['deployment-id'].filter((id) => before.deploymentIds.includes(id));
  const after = (await platforms.list()).find((p) => p.issuer === issuer && p.clientId === clientId);
  if (added.length)
    io.out(
      `Added deployment id(s) ${added.join(', ')} to "${before.name}" (${issuer}, client id ${clientId}).`,
    );
  if (known.length) io.out(`Already accepted: ${known.join(', ')}.`);
  io.out(`It now accepts deployment ids: ${(after ?? before).deploymentIds.join(', ')}`);
  return EXIT_OK;
}

async function listPlatforms(ctx: Context, json: boolean): Promise<number> {
  const { io, platforms } = ctx;
  const all = await platforms.list();
  if (json) {
    io.out(JSON.stringify(all, null, 2));
    return EXIT_OK;
  }
  if (!all.length) {
    io.out(`No platforms are registered. Register one with: ${PROGRAM} add (see: ${PROGRAM} help)`);
    return EXIT_OK;
  }
  io.out(
    table(
      ['NAME', 'PLATFORM ID (ISSUER)', 'CLIENT ID', 'DEPLOYMENT IDS', 'ADDED'],
      all.map((p) => [
        p.name,
        p.issuer,
        p.clientId,
        p.deploymentIds.join(', '),
        p.createdAt.toISOString().slice(0, 10),
      ]),
    ),
  );
  io.out(
    `\n${all.length} platform${all.length === 1 ? '' : 's'}. Endpoints and keyset URLs: ${PROGRAM} list --json`,
  );
  // Every deployment of an issuer launches into the issuer's one organisation, except those split off.
  const splits = (await platforms.organisations()).filter((o) => o.deploymentId !== undefined);
  if (splits.length) {
    io.out('Deployments split off into organisations of their own:');
    for (const o of splits)
      io.out(`  deployment ${o.deploymentId} of ${o.issuer}: "${o.name ?? ''}" (${o.people} people)`);
  }
  return EXIT_OK;
}

async function removePlatform(ctx: Context, input: z.output<typeof removeSchema>): Promise<number> {
  const { io, platforms } = ctx;
  const issuer = input.issuer;
  const clientId = input['client-id'];
  const before = await platforms.list();
  let removed: { platforms: number; sessions: number; grades: number };
  try {
    removed = await platforms.remove(issuer, clientId);
  } catch (err) {
    if (!(err instanceof PlatformNotFound)) throw err;
    io.err(notFoundMessage(before, issuer, clientId));
    return EXIT_FAILURE;
  }
  const gone = before.filter(
    (p) => p.issuer === issuer && (clientId === undefined || p.clientId === clientId),
  );
  const count = removed.platforms;
  io.out(`Removed ${count} platform registration${count === 1 ? '' : 's'}:`);
  for (const p of gone) io.out(`  "${p.name}": ${p.issuer}, client id ${p.clientId}`);
  io.out(
    `Launches from it are refused from now on, and its open sessions have ended (${removed.sessions}; a running ` +
      'tool refuses their pages within 5 seconds).',
  );
  io.out(
    `Grades not yet delivered to it stop, shown to instructors as "platform removed": ${removed.grades}. ` +
      'Learning records already made are kept.',
  );
  return EXIT_OK;
}

async function splitDeployment(ctx: Context, input: z.output<typeof splitDeploymentSchema>): Promise<number> {
  const { io, platforms } = ctx;
  const issuer = input.issuer;
  const deploymentId = input['deployment-id'];
  let split: Awaited<ReturnType<PlatformRepository['splitDeployment']>>;
  try {
    split = await platforms.splitDeployment(issuer, deploymentId, input.name);
  } catch (err) {
    if (err instanceof DeploymentAlreadySplit) {
      io.err(
        `Deployment ${deploymentId} of ${issuer} is already an organisation of its own: ` +
          `"${err.organisation.name ?? ''}" (organisation ${err.organisation.id}). Nothing was changed.`,
      );
      return EXIT_FAILURE;
    }
    if (!(err instanceof DeploymentNotRegistered)) throw err;
    const all = await platforms.list();
    const sameIssuer = all.filter((p) => p.issuer === issuer);
    if (!sameIssuer.length) {
      io.err(notFoundMessage(all, issuer));
      return EXIT_FAILURE;
    }
    const ids = [...new Set(sameIssuer.flatMap((p) => p.deploymentIds))];
    io.err(
      [
        `Deployment id ${deploymentId} is not registered for ${issuer}. Nothing was changed.`,
        `Its registered deployment ids: ${ids.join(', ') || 'none'}.`,
        `To accept it first: ${PROGRAM} add-deployment --issuer ${shellQuote(issuer)} --client-id <id> --deployment-id ${shellQuote(deploymentId)}`,
      ].join('\n'),
    );
    return EXIT_FAILURE;
  }
  const { organisation, from, sessions } = split;
  const before = from
    ? `"${from.name ?? issuer}" (organisation ${from.id})`
    : `the organisation of ${issuer}`;
  io.out(
    `Deployment ${deploymentId} of ${issuer} is now an organisation of its own: "${organisation.name ?? ''}" ` +
      `(organisation ${organisation.id}).`,
  );
  io.out(
    `New launches through deployment ${deploymentId} go to "${organisation.name ?? ''}": its people start there with ` +
      'an empty learning record, and it has its own catalogue, rules and reports.',
  );
  io.out(
    `Existing data stays where it is: everything recorded through deployment ${deploymentId} until now (people, ` +
      `learning records, plans, completions, grades) remains in ${before} and is not moved or copied.`,
  );
  io.out(
    `Open sessions of deployment ${deploymentId} have ended (${sessions}); a running tool sends its launches to the ` +
      'new organisation within 5 seconds.',
  );
  return EXIT_OK;
}

function notFoundMessage(all: RegisteredPlatform[], issuer: string, clientId?: string): string {
  const lines = [
    `No platform is registered with issuer ${issuer}${clientId !== undefined ? ` and client id ${clientId}` : ''}.`,
  ];
  const sameIssuer = all.filter((p) => p.issuer === issuer);
  if (sameIssuer.length) {
    lines.push(
      `That issuer is registered with client id(s): ${sameIssuer.map((p) => p.clientId).join(', ')}.`,
    );
  } else {
    const near = all.filter(
      (p) => p.issuer.replace(/\/+$/, '').toLowerCase() === issuer.replace(/\/+$/, '').toLowerCase(),
    );
    if (near.length)
      lines.push(`Did you mean ${near.map((p) => p.issuer).join(' or ')}? The issuer must match exactly.`);
  }
  lines.push(all.length ? `See what is registered: ${PROGRAM} list` : 'No platforms are registered at all.');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

type Plan = (ctx: Context) => Promise<number>;

/** Parses and validates one command's options; returns the action or the problems with the command line. */
function plan(command: string, args: string[], production: boolean, io: CliIo): Plan | number {
  const specs: Record<string, Record<string, OptionSpec>> = {
    add: ADD_OPTIONS,
    'add-deployment': ADD_DEPLOYMENT_OPTIONS,
    'split-deployment': SPLIT_DEPLOYMENT_OPTIONS,
    list: LIST_OPTIONS,
    remove: REMOVE_OPTIONS,
  };
  const spec = specs[command];
  if (!spec) throw new Error(`no options for ${command}`);
  const { values, problems, flagged } = parseOptions(command, args, spec);
  if (values.help) {
    io.out(PLATFORM_USAGE);
    return EXIT_OK;
  }
  let action: Plan | undefined;
  if (command === 'add') {
    const v = validate(addSchema(production), values, flagged);
    problems.push(...v.problems);
    if (v.data) {
      const data = v.data;
      action = (ctx) => addPlatform(ctx, data);
      if (data.issuer.endsWith('/')) {
        io.err(
          `Note: --issuer ends with "/". It must equal the "iss" the LMS sends, character for character ` +
            `(Moodle's Platform ID has no trailing slash).`,
        );
      }
    }
  } else if (command === 'add-deployment') {
    const v = validate(addDeploymentSchema, values, flagged);
    problems.push(...v.problems);
    if (v.data) {
      const data = v.data;
      action = (ctx) => addDeployment(ctx, data);
    }
  } else if (command === 'split-deployment') {
    const v = validate(splitDeploymentSchema, values, flagged);
    problems.push(...v.problems);
    if (v.data) {
      const data = v.data;
      action = (ctx) => splitDeployment(ctx, data);
    }
  } else if (command === 'remove') {
    const v = validate(removeSchema, values, flagged);
    problems.push(...v.problems);
    if (v.data) {
      const data = v.data;
      action = (ctx) => removePlatform(ctx, data);
    }
  } else {
    action = (ctx) => listPlatforms(ctx, values.json === true);
  }
  if (problems.length || !action) {
    io.err(
      `${PROGRAM} ${command}: the command line has ${problems.length === 1 ? 'a problem' : 'problems'}:`,
    );
    for (const p of problems) io.err(`  ${p}`);
    io.err(`See: ${PROGRAM} help`);
    return EXIT_USAGE;
  }
  return action;
}

/**
 * The LMS administrator's platform registry CLI. Returns the exit code: 0 done, 1 failed, 2 wrong command line.
 * Opens the tool's database (DATABASE_URL or the embedded PGlite), migrates it, acts, and closes it.
 */
export async function runPlatformCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(PLATFORM_USAGE);
    return EXIT_OK;
  }
  if (!['add', 'add-deployment', 'split-deployment', 'list', 'remove'].includes(command)) {
    io.err(
      command.startsWith('-')
        ? `A command comes first, before options such as ${command}.`
        : `Unknown command "${command}".`,
    );
    io.err('');
    io.err(PLATFORM_USAGE);
    return EXIT_USAGE;
  }

  let db: Database | undefined;
  try {
    const { config, encryptionKey } = loadCliConfig(env);
    const planned = plan(command, args, config.nodeEnv === 'production', io);
    if (typeof planned === 'number') return planned;
    db = (await openToolDatabase(config, io)).db;
    const platforms = createPlatformRepository(db, encryptionKey());
    return await planned({ io, env, config, platforms });
  } catch (err) {
    if (err instanceof CliFailure) {
      io.err(err.message);
      return err.exitCode;
    }
    io.err(`Failed: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  } finally {
    await db?.close().catch(() => undefined);
  }
}
