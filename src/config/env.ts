import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseAllowEntry, type AllowEntry } from '../shared/outbound-policy';

/** Typed, validated configuration. The only place that reads process.env (besides the test harness). */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** The address to listen on; undefined: every interface (IPv6 and IPv4), as Node does by default. */
  host: string | undefined;
  baseUrl: string;
  /** undefined: use the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Encrypts stored platform keys and access tokens; the keys of cookies and ltiks are derived from it (HKDF). */
  encryptionKey: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  demoPlatform: boolean;
  defaultLocale: 'th' | 'en';
  clockSkewSeconds: number;
  /** How often the grade outbox is checked for grades due (a completion also triggers a round at once). */
  gradePollMs: number;
  /** Timeout of each call to an LMS service (token, AGS). */
  agsTimeoutMs: number;
  /** Requests served at once; above it the tool answers a quick 503 page instead of queueing without bound. */
  maxInFlight: number;
  /** Protects the Dynamic Registration URL (/lti/register/<secret>); undefined turns dynamic registration off. */
  registrationSecret: string | undefined;
  /**
   * Hosts and networks the tool may reach although they are private (an intranet Moodle), from
   * OUTBOUND_ALLOW_HOSTS. Outside production loopback and plain http are allowed besides.
   */
  outboundAllow: readonly AllowEntry[];
  /** Plain http to platforms: outside production by default; in production only for benchmarks (OUTBOUND_ALLOW_HTTP). */
  outboundAllowHttp: boolean;
  /** `GET /metrics` (Prometheus) on a port of its own; undefined: no metrics listener. */
  metrics: { port: number; host: string; token: string | undefined } | undefined;
  /** Worker processes serving on one port (node's cluster module); 1 runs the tool in this process alone. */
  webConcurrency: number;
  /** Cookies that survive the LMS iframe need SameSite=None; Secure, which browsers only keep over HTTPS. */
  cookies: { secure: boolean; sameSite: 'None' | 'Lax' };
  /** The largest evidence file a person may attach to logged learning (EVIDENCE_MAX_BYTES). */
  evidenceMaxBytes: number;
  /** E-mail of notifications (SMTP_URL or SMTP_HOST…, and MAIL_FROM); undefined: the tool sends no e-mail. */
  mail: MailConfig | undefined;
  /** How often the follow-up sweep looks for follow-ups come due (MAIL_POLL_MS, with or without SMTP). */
  followUpPollMs: number;
}

/** Where notification e-mail goes out: one SMTP server, and the sender's address. */
export interface MailConfig {
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
  from: string;
  /** How often the mail worker looks for mail due. */
  pollMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
    .default('development'),
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1-65535')
    .max(65535, 'must be 1-65535')
    .default(3000),
  // An IP address (127.0.0.1 behind a reverse proxy on the same machine, ::1, 0.0.0.0) or a host name.
  HOST: z
    .string()
    .trim()
    .refine(
      (h) =>
        h === '' ||
        isIP(h) !== 0 ||
        /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
          h,
        ),
      'must be an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0) or a host name (e.g. localhost)',
    )
    .optional(),
  BASE_URL: z
    .url({ message: 'must be an absolute http(s) URL, e.g. https://digiskill.example.go.th' })
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .refine((u) => !/[?#]/.test(u), 'must not carry a query or fragment')
    .optional(),
  DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  LTI_ENCRYPTION_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (use: openssl rand -hex 32)')
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DEMO_PLATFORM: bool.optional(),
  DEFAULT_LOCALE: z.enum(['th', 'en'], { message: 'must be th or en' }).default('th'),
  LTI_REGISTRATION_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24-128 letters, digits, - or _ (use: openssl rand -hex 16)')
    .optional(),
  CLOCK_SKEW_SECONDS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(0)
    .max(300, 'must be at most 300')
    .default(10),
  GRADE_POLL_MS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(100, 'must be at least 100')
    .max(3_600_000)
    .default(5000),
  AGS_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(100, 'must be at least 100')
    .max(120_000)
    .default(10_000),
  MAX_IN_FLIGHT: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(1, 'must be at least 1')
    .max(100_000)
    .default(1024),
  // express and its parts (router, body-parser, send, finalhandler) print through the `debug` package, straight to
  // stderr and past the log scrubber: express' router prints every request's URL, and the URLs of a session's pages
  // carry its ltik.
  DEBUG: z
    .string()
    .max(0, 'must not be set: express would print URLs that carry ltiks (use LOG_LEVEL=debug)')
    .optional(),
  OUTBOUND_ALLOW_HTTP: bool.optional(),
  // Evidence files are kept in the database and read whole into memory while uploaded: 10 MB by default, 50 MB at most.
  EVIDENCE_MAX_BYTES: z.coerce
    .number({ message: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024')
    .max(50 * 1024 * 1024, 'must be at most 52428800 (50 MB)')
    .default(10 * 1024 * 1024),
  ALLOW_HTTP_BASE_URL: bool.optional(),
  METRICS_PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1-65535')
    .max(65535, 'must be 1-65535')
    .optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z
    .string()
    .regex(
      /^[A-Za-z0-9._~+/=-]{24,256}$/,
      'must be 24-256 letters, digits or -._~+/= (use: openssl rand -hex 24)',
    )
    .optional(),
  WEB_CONCURRENCY: z
    .union([
      z.literal('auto'),
      z.coerce
        .number({ message: 'must be a whole number of workers or auto' })
        .int('must be a whole number of workers or auto')
        .min(1, 'must be at least 1')
        .max(64, 'must be at most 64'),
    ])
    .optional(),
  // E-mail of notifications: off unless an SMTP server is named.
  SMTP_URL: z
    .string()
    .trim()
    .refine(
      (u) => /^smtps?:\/\/[^/?#]+\/?$/.test(u) && URL.canParse(u),
      'must be smtp://[user:pass@]host[:port] or smtps://…',
    )
    .optional(),
  SMTP_HOST: z.string().trim().min(1).max(253).optional(),
  SMTP_PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1-65535')
    .max(65535, 'must be 1-65535')
    .optional(),
  SMTP_USER: z.string().min(1).max(256).optional(),
  SMTP_PASS: z.string().min(1).max(256).optional(),
  SMTP_SECURE: bool.optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .max(320)
    .refine(
      (v) => /^(?:[^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/.test(v),
      'must be an address (digiskill@example.go.th) or a name and address (DigiSkill <digiskill@example.go.th>)',
    )
    .optional(),
  MAIL_POLL_MS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(100, 'must be at least 100')
    .max(86_400_000)
    .default(60_000),
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries: AllowEntry[] = [];
      for (const raw of (value ?? '').split(',')) {
        if (raw.trim() === '') continue;
        const entry = parseAllowEntry(raw);
        if (entry.kind !== 'refused') entries.push(entry);
        else ctx.addIssue({ code: 'custom', message: `"${raw.trim()}" ${entry.reason}` });
      }
      return entries;
    }),
});

/**
 * Parses the environment once. In production the database and the encryption key have no defaults;
 * elsewhere a missing key is replaced by `devKey()` (the caller persists one in the data folder).
 */
export function loadConfig(env: NodeJS.ProcessEnv, devKey: () => string = () => 'x'.repeat(32)): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  if (production && !e.LTI_ENCRYPTION_KEY)
    problems.push('LTI_ENCRYPTION_KEY: required in production (use: openssl rand -hex 32)');
  if (production && !e.BASE_URL)
    problems.push('BASE_URL: required in production, the public https URL of the tool');
  // Over http the cookies lose SameSite=None; Secure, and every launch from an LMS iframe on another site would fail
  // later, at the launch, far from the cause: say so at start. A closed lab (or the benchmark) may opt out.
  if (production && e.BASE_URL?.startsWith('http://') && !e.ALLOW_HTTP_BASE_URL)
    problems.push(
      'BASE_URL: must be https:// in production (LMS iframes refuse the cookies otherwise); ' +
        'for a closed lab without TLS set ALLOW_HTTP_BASE_URL=true',
    );
  if (production && !e.DATABASE_URL)
    problems.push('DATABASE_URL: required in production (postgres://user:pass@host:5432/db)');
  const webConcurrency = e.WEB_CONCURRENCY === 'auto' ? availableParallelism() : (e.WEB_CONCURRENCY ?? 1);
  if (webConcurrency > 1 && !e.DATABASE_URL)
    problems.push(
      'WEB_CONCURRENCY: more than one worker needs DATABASE_URL (the embedded database belongs to one process)',
    );
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT)
    problems.push('METRICS_PORT: must differ from PORT (metrics stay off the public path)');
  if (e.METRICS_TOKEN && e.METRICS_PORT === undefined)
    problems.push('METRICS_TOKEN: set METRICS_PORT too (the metrics listener is off without it)');
  const mail = mailConfig(e, problems);
  if (problems.length) throw new ConfigError(problems);

  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const https = baseUrl.startsWith('https://');
  const config: Config = {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST || undefined,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    encryptionKey: e.LTI_ENCRYPTION_KEY ?? devKey(),
    logLevel: e.LOG_LEVEL,
    demoPlatform: e.DEMO_PLATFORM ?? !production,
    defaultLocale: e.DEFAULT_LOCALE,
    clockSkewSeconds: e.CLOCK_SKEW_SECONDS,
    gradePollMs: e.GRADE_POLL_MS,
    agsTimeoutMs: e.AGS_TIMEOUT_MS,
    maxInFlight: e.MAX_IN_FLIGHT,
    registrationSecret: e.LTI_REGISTRATION_SECRET,
    outboundAllow: e.OUTBOUND_ALLOW_HOSTS,
    outboundAllowHttp: e.OUTBOUND_ALLOW_HTTP ?? !production,
    webConcurrency,
    metrics:
      e.METRICS_PORT === undefined
        ? undefined
        : { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN },
    cookies: https ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    mail,
    followUpPollMs: e.MAIL_POLL_MS,
  };
  return Object.freeze(config);
}

/** The SMTP server of SMTP_URL, or of SMTP_HOST and the rest; a half-given setting is a problem, not silence. */
function mailConfig(e: z.infer<typeof schema>, problems: string[]): MailConfig | undefined {
  const parts = e.SMTP_HOST ?? e.SMTP_PORT ?? e.SMTP_USER ?? e.SMTP_PASS ?? e.SMTP_SECURE;
  if (e.SMTP_URL && parts !== undefined)
    problems.push(
      'SMTP_URL: set either SMTP_URL or SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_SECURE)',
    );
  if (!e.SMTP_URL && !e.SMTP_HOST) {
    if (parts !== undefined)
      problems.push('SMTP_HOST: required with SMTP_PORT, SMTP_USER, SMTP_PASS or SMTP_SECURE');
    if (e.MAIL_FROM)
      problems.push('MAIL_FROM: set SMTP_URL or SMTP_HOST too (e-mail is off without a server)');
    return undefined;
  }
  if (!e.MAIL_FROM)
    problems.push('MAIL_FROM: required with an SMTP server (DigiSkill <digiskill@example.go.th>)');
  if ((e.SMTP_USER === undefined) !== (e.SMTP_PASS === undefined))
    problems.push('SMTP_USER: SMTP_USER and SMTP_PASS go together');
  let smtp: MailConfig['smtp'];
  if (e.SMTP_URL) {
    const u = new URL(e.SMTP_URL);
    const secure = u.protocol === 'smtps:';
    smtp = {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      user: u.username ? decodeURIComponent(u.username) : undefined,
      pass: u.password ? decodeURIComponent(u.password) : undefined,
    };
  } else {
    const secure = e.SMTP_SECURE ?? e.SMTP_PORT === 465;
    smtp = {
      host: e.SMTP_HOST ?? '',
      port: e.SMTP_PORT ?? (secure ? 465 : 587),
      secure,
      user: e.SMTP_USER,
      pass: e.SMTP_PASS,
    };
  }
  return { smtp, from: e.MAIL_FROM ?? '', pollMs: e.MAIL_POLL_MS };
}

/** Settings the tool starts with but an operator should see in the log at start: `event` and the line's message. */
export function configWarnings(config: Config): Array<{ event: string; message: string }> {
  const warnings: Array<{ event: string; message: string }> = [];
  if (config.nodeEnv === 'production' && config.outboundAllowHttp)
    warnings.push({
      event: 'outbound.http_allowed',
      message: 'OUTBOUND_ALLOW_HTTP is on in production: key sets and service tokens may travel unencrypted',
    });
  return warnings;
}
