import type { ContextId, EntryId, PersonId, TenantId } from './shared/ids';
import http from 'node:http';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/database';
import { migrate, pendingMigrations } from './db/migrate';
import { createLtijsStore } from './db/ltijs-store';
import { createLaunchRepository } from './db/launch.repository';
import { createFrameworkRepository, DEFAULT_FRAMEWORK } from './db/framework.repository';
import { readFrameworkDir } from './config/framework-file';
import { readTargetsDir } from './config/targets-file';
import type { DevelopmentTargets } from './domain/learning-record/development-targets';
import { frameworkRoutes } from './http/routes/framework.routes';
import { catalogueRoutes } from './http/routes/catalogue.routes';
import { deepLinkingRoutes } from './http/routes/deep-linking.routes';
import { renderModuleLaunch } from './http/routes/module-launch';
import { modulePlayerRoutes, type ModulePlayerDeps } from './http/routes/module-player.routes';
import { learningRecordRoutes } from './http/routes/learning-record.routes';
import { courseRoutes } from './http/routes/course.routes';
import { developmentRoutes } from './http/routes/development.routes';
import { classRoutes } from './http/routes/class.routes';
import { AUTHORING_FORM_PATHS, authoringRoutes } from './http/routes/authoring.routes';
import { organisationRoutes } from './http/routes/organisation.routes';
import { planRoutes } from './http/routes/plan.routes';
import { createPlanRepository } from './db/plan.repository';
import { createRuleRepository } from './db/rule.repository';
import { rulesRoutes } from './http/routes/rules.routes';
import { contentManagerRoutes } from './http/routes/content-managers.routes';
import { createContentManagerRepository } from './db/content-manager.repository';
import { effectiveAssessments } from './domain/assessment/rule-editing';
import { createReportRepository } from './db/report.repository';
import { createDevelopmentRepository } from './db/development.repository';
import { readAssessmentsDir } from './config/assessments-file';
import { bangkokToday } from './shared/clock';
import {
  createGradeOutbox,
  createLearnerLookup,
  createLedgerRepository,
  createPlayerRepository,
} from './db/learning.repository';
import { createAgsClient, ROSTER_LIMITS } from './lti/ags-client';
import type { LaunchContext } from './lti/launch-context';
import { STAFF_ROLES } from './lti/roles';
import { startGradeWorker, type GradeWorker } from './use-cases/deliver-grades';
import { recheckEligibility } from './use-cases/development-cycle';
import { giveSampleCatalogue, moduleReferences } from './use-cases/open-catalogue';
import { createModuleRepository } from './db/module.repository';
import { readCatalogueDir } from './config/catalogue-file';
import type { CatalogueModule, StoredFramework } from './use-cases/ports';
import { createLoginStateRepository } from './db/login-state.repository';
import { createPlatformRepository, type PlatformRepository } from './db/platform.repository';
import { requireBaseUrlHost } from './http/middleware/base-url-host';
import { createDemoPlatform, DEMO, type DemoPlatform } from './demo/demo-platform';
import { formatDate, t } from './i18n/i18n';
import { JwksCache } from './lti/jwks-cache';
import { createLti, LTI_ROUTES, type Lti } from './lti/lti-app';
import { createLaunchWrites } from './lti/launch-writes';
import { LaunchRejected } from './lti/launch-validation';
import { expectedRefusal, requestLog } from './http/middleware/request-log';
import { errorHandler } from './http/middleware/error-handler';
import { holdBody } from './http/held-body';
import { refuseControlCharacters } from './http/middleware/control-characters';
import { loadShedding } from './http/middleware/load-shedding';
import { requestLocale } from './http/locale';
import { sendErrorPage, sendPage, sendRedirect, sendStandardError } from './http/pages';
import { renderLanding, rememberLanguage, switchLanguageUrl } from './http/routes/landing';
import { renderLaunchError } from './http/routes/launch-errors';
import { foreignTargetLink } from './http/setup-mistakes';
import { registrationRoutes } from './http/routes/registration';
import { createViews } from './http/views';
import { createExpressServer, shareRequestPrototypes } from './http/express-server';
import { securityHeaders } from './http/security-headers';
import { createFrameAncestors } from './http/frame-ancestors';
import { createLogger, type LogDestination, type Logger } from './shared/logger';
import { requestContext } from './shared/request-context';
import { projectRoot } from './shared/paths';
import { createOutboundClient, type OutboundClient, type ResolveHost } from './shared/outbound-http';
import { createOutboundPolicy } from './shared/outbound-policy';

export interface AppDeps {
  /** Supplied by tests and the CLI; otherwise opened from config. */
  db?: Database;
  logger?: Logger;
  /** Where the app's own logger (at LOG_LEVEL, scrubbing the configured secrets) writes; stdout by default. */
  logDestination?: LogDestination;
  jwks?: JwksCache;
  /** The clock: "today" in Bangkok on learner-facing dates, and the platform registry cache's expiry; tests pin it. */
  now?: () => Date;
  /** How outbound requests resolve host names (tests answer with chosen addresses); default: the system's. */
  resolveHost?: ResolveHost;
}

export interface App {
  app: Express;
  db: Database;
  lti: Lti;
  platforms: PlatformRepository;
  demo?: DemoPlatform;
  logger: Logger;
  /** Development targets per framework id, from config/targets. */
  developmentTargets: Map<string, DevelopmentTargets>;
  /** The grade passback worker; `drain()` delivers what is due now. */
  grades: GradeWorker;
  /** Requests being served now, and how many were turned away over MAX_IN_FLIGHT. */
  load: { inFlight(): number; shed(): number };
  /** The client for every request to a URL that came from outside (platforms' configurations, keys, services). */
  outbound: OutboundClient;
  close(): Promise<void>;
}

const loginParams = z.object({
  iss: z.string().min(1),
  login_hint: z.string().min(1),
  target_link_uri: z.string().min(1),
  client_id: z.string().min(1).optional(),
  lti_deployment_id: z.string().min(1).optional(),
  lti_message_hint: z.string().optional(),
});

/** Composition root: wires database, ltijs, routes and views. No listen(), no process.env. */
export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger =
    deps.logger ??
    createLogger(config.logLevel, deps.logDestination, {
      secrets: [config.encryptionKey, config.registrationSecret],
    });
  const db = deps.db ?? (await openDatabase(config.databaseUrl, path.resolve(config.dataDir, 'pglite')));
  const applied = await migrate(db);
  // An upgrade's migrations, named in the log (none on an ordinary start).
  if (applied.length > 0) logger.info({ event: 'db.migrated', migrations: applied }, 'database migrated');

  const frameworks = createFrameworkRepository(db);
  // A bad framework file stops start-up with a message naming the file, the entry and the field.
  const shippedFrameworks = readFrameworkDir();
  await frameworks.load(shippedFrameworks, 'config/frameworks');
  // Development targets per framework id (hours per skill set by group and stage, target mix); checked here too.
  const developmentTargets = readTargetsDir(shippedFrameworks);

  const render = createViews();
  const store = createLtijsStore(db, {
    onBackgroundError: (err, context) => logger.warn({ err, context }, 'ltijs store background error'),
    launchWrites: () => requestContext.getStore()?.launchWrites,
  });
  const now = deps.now ?? (() => new Date());
  const toolOrigin = new URL(config.baseUrl).origin;
  // A registry change (a platform removed, a deployment split off) drops this process's platform and tenant caches
  // and rereads the origins that may frame the tool.
  const platforms = createPlatformRepository(db, config.encryptionKey, {
    onChange: () => {
      store.forgetPlatforms();
      launches.forgetTenants();
      return frameAncestors.refresh();
    },
    now: () => now().getTime(),
  });
  // The origins that may frame the tool, from the platform registry, read in the background (never per request).
  const frameAncestors = createFrameAncestors({
    platforms: () => platforms.list(),
    toolOrigin,
    onError: (err) => logger.warn({ err }, 'platform origins for frame-ancestors could not be read'),
  });
  await frameAncestors.refresh();
  const headers = securityHeaders({
    hsts: config.nodeEnv === 'production',
    frameAncestors: () => frameAncestors.current(),
  });
  const modules = createModuleRepository(db);
  const sampleCatalogues = new Map<number, CatalogueModule[]>();
  // A catalogue file that does not fit the default framework stops start-up, naming the file and the field.
  const defaultFramework = await frameworks.latest(DEFAULT_FRAMEWORK);
  if (defaultFramework)
    sampleCatalogues.set(defaultFramework.id, readCatalogueDir(defaultFramework.framework));
  // Read and checked once per framework version; a module that does not fit the framework stops here.
  const sampleCatalogue = (stored: StoredFramework): CatalogueModule[] => {
    const cached = sampleCatalogues.get(stored.id) ?? readCatalogueDir(stored.framework);
    sampleCatalogues.set(stored.id, cached);
    return cached;
  };
  const launches = createLaunchRepository(db, {
    now: () => now().getTime(),
    // A new organisation gets the sample catalogue at its first launch, before any page reads it. A failure is
    // logged, not the launch's: the catalogue routes give it again.
    tenantWithoutCatalogue: async (tenantId) => {
      try {
        await giveSampleCatalogue({ modules, frameworks, sampleCatalogue }, tenantId);
      } catch (err) {
        logger.warn({ err, event: 'catalogue.seed_failed', tenantId }, 'sample catalogue not given');
      }
    },
  });
  const loginStates = createLoginStateRepository(db);
  const purgeTimer = setInterval(() => {
    loginStates.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'login state purge failed'));
  }, 3_600_000);
  purgeTimer.unref();
  const production = config.nodeEnv === 'production';
  if (production && config.outboundAllowHttp)
    logger.warn(
      { event: 'outbound.http_allowed' },
      'OUTBOUND_ALLOW_HTTP is on in production: key sets and service tokens may travel unencrypted',
    );
  const outbound = createOutboundClient({
    policy: createOutboundPolicy({
      production,
      allow: config.outboundAllow,
      allowHttp: config.outboundAllowHttp,
    }),
    resolve: deps.resolveHost,
    onFailure: (failure) =>
      logger.warn({ event: 'outbound.failed', ...failure }, 'outbound request refused or failed'),
  });
  const jwks = deps.jwks ?? new JwksCache({ fetch: outbound.fetch, now: () => now().getTime() });
  const defaultLocale = config.defaultLocale;

  let demo: DemoPlatform | undefined;
  if (config.demoPlatform) {
    demo = await createDemoPlatform(config.baseUrl, {
      courseTitle: (l) => t(l, 'demo.course'),
      linkTitle: (l) => t(l, 'demo.link'),
      moduleLinkTitle: (l) => t(l, 'demo.moduleLink'),
    });
    await ensureDemoRegistered(platforms, demo);
  }

  const landingDeps = { render, defaultLocale, cookies: config.cookies };
  // Bound below, once ltijs is set up (the routes need it); ltijs calls them only once requests arrive.
  // eslint-disable-next-line prefer-const
  let deepLinking!: ReturnType<typeof deepLinkingRoutes>;
  // eslint-disable-next-line prefer-const
  let playerDeps!: ModulePlayerDeps;
  const lti = await createLti({
    encryptionKey: config.encryptionKey,
    cookies: config.cookies,
    plugin: store,
    // Again on ltijs' app: its helmet sets an HSTS header of its own, in development too.
    headers,
    validation: {
      jwks,
      clockSkewSeconds: config.clockSkewSeconds,
      isDeploymentRegistered: (iss, clientId, deploymentId) =>
        platforms.isRegistered(iss, clientId, deploymentId),
      // One rule for every address of a platform: https, unless OUTBOUND_ALLOW_HTTP lets plain http through.
      requireHttps: !config.outboundAllowHttp,
      // The request's id comes with the line (the logger's mixin); the URLs themselves are the LMS's, not logged.
      onServiceUrlsIgnored: (claims) =>
        logger.warn(
          { event: 'lti.service_url_ignored', claims },
          "service URLs not on the platform's hosts ignored",
        ),
    },
    platformStatus: (issuer, clientId) => platforms.status(issuer, clientId),
    handlers: {
      recordLaunch: async (launch, nonce) => {
        const ctx = requestContext.getStore();
        // The state posted with the id_token (see the launch route below): without one there is no login to consume.
        if (!ctx?.launchState) throw new LaunchRejected('LOGIN_STATE_NOT_FOUND');
        // Consumed and written with ltijs' session rows, in one statement, when ltijs stores them.
        const writes = createLaunchWrites(launches, launch, { state: ctx.launchState, nonce }, (err) =>
          logger.warn({ err, event: 'lti.launch_not_recorded' }, 'launch could not be recorded'),
        );
        ctx.launchWrites = writes;
        writes.settle();
      },
      onLaunch: async (req, res, launch) => {
        const ltik = String(res.locals.ltik);
        const opened = await renderModuleLaunch({ ...landingDeps, ...playerDeps }, req, res, launch, ltik);
        if (!opened) renderLanding(landingDeps, req, res, launch, ltik);
      },
      onDeepLinking: (req, res, next) => deepLinking.picker(req, res, next),
      onLaunchError: (req, res, code, locale) =>
        renderLaunchError(
          {
            render,
            defaultLocale,
            baseUrl: config.baseUrl,
            log: (c, r) =>
              ((r as Request & { log?: Logger }).log ?? logger).warn(
                { event: 'lti.launch_rejected', code: c },
                'launch rejected',
              ),
          },
          req,
          res,
          code,
          locale,
        ),
    },
  });

  // Every form and query of the app's pages (ltijs has parsed the body by now): no control characters.
  const sessionOf = (res: Response) => {
    try {
      return lti.session(res);
    } catch {
      return undefined;
    }
  };
  const sessionLocale = (res: Response) => sessionOf(res)?.launch.locale;
  /** A page's language where the request may belong to a session: that session's, as its own pages have it. */
  const sessionPageLocale = (req: Request, res: Response) => {
    const session = sessionOf(res);
    return requestLocale(req, defaultLocale, session?.launch.locale, session?.ltik);
  };
  const noControlCharacters = refuseControlCharacters({ render, defaultLocale, sessionLocale });
  lti.app.use(noControlCharacters);

  // The language switch on any page of a session holds for that session's later pages (see LANG_COOKIE). A
  // download's ?lang= (the framework's CSV in Thai or English) is the file's language, not the page's.
  lti.app.use((req, res, next) => {
    if (typeof req.query.lang === 'string' && !/\.\w+$/.test(req.path)) {
      const ltik = (res.locals as { ltik?: unknown }).ltik;
      rememberLanguage(req, res, landingDeps, typeof ltik === 'string' ? ltik : undefined);
    }
    next();
  });

  const contentManagers = createContentManagerRepository(db, STAFF_ROLES);
  lti.app.use(
    frameworkRoutes({
      contentManagers,
      render,
      defaultLocale,
      frameworks,
      session: (res) => lti.session(res),
      tenantIdOf: (launch) => launches.tenantIdOf(launch),
    }),
  );

  lti.app.use(
    catalogueRoutes({
      contentManagers,
      render,
      defaultLocale,
      session: (res) => lti.session(res),
      tenantIdOf: (launch) => launches.tenantIdOf(launch),
      modules,
      frameworks,
      sampleCatalogue,
      developmentTargets,
    }),
  );

  const player = createPlayerRepository(db);
  const ledger = createLedgerRepository(db);
  const outbox = createGradeOutbox(db);
  const learnerOf = createLearnerLookup(db);
  const ags = createAgsClient({
    credentials: (issuer, clientId) => lti.serviceCredentials(issuer, clientId),
    timeoutMs: config.agsTimeoutMs,
    // Moodle sends a course's whole roster (NRPS) in one page when asked for no limit: more than a JSON document.
    // (The roster's own pages ask for what is left of their budget, ROSTER_LIMITS.)
    fetch: (url, init) => outbound.fetch(url, { maxBytes: ROSTER_LIMITS.pageBytes, ...init }),
  });
  const grades = startGradeWorker(
    {
      outbox,
      sender: ags,
      platformStatus: (issuer, clientId) => platforms.status(issuer, clientId),
      onResult: (grade, err) => {
        if (err)
          logger.warn(
            {
              event: 'grade.delivery_failed',
              gradeId: grade.id,
              attempts: grade.attempts,
              reason: err.message,
            },
            'grade delivery failed',
          );
        else logger.info({ event: 'grade.delivered', gradeId: grade.id }, 'grade delivered');
      },
      onError: (err) => logger.warn({ err }, 'grade worker round failed'),
    },
    // A claimed grade is leased for as long as its two LMS calls (token, score) may take: if this instance dies
    // holding it, another (or this one, restarted) sends it once the lease runs out.
    { intervalMs: config.gradePollMs, leaseSeconds: Math.ceil((2 * config.agsTimeoutMs) / 1000) + 5 },
  );
  const sessionDeps = {
    render,
    defaultLocale,
    contentManagers,
    session: (res: Response) => lti.session(res),
    tenantIdOf: (launch: LaunchContext) => launches.tenantIdOf(launch),
  };
  playerDeps = {
    ...sessionDeps,
    modules,
    frameworks,
    sampleCatalogue,
    player,
    learnerOf: (launch: LaunchContext, tenantId: TenantId) =>
      learnerOf(tenantId, launch.platformUserId, launch.context?.id),
    onGradesQueued: () => grades.kick(),
    onCompleted: async (learner) => {
      grades.kick();
      await recordChanged(learner.tenantId, learner.contextId, { personIds: [learner.personId] });
    },
  };
  lti.app.use(modulePlayerRoutes(playerDeps));
  const development = createDevelopmentRepository(db);
  // Assessments and their eligibility rules per framework (config/assessments); modules they require must exist.
  const assessments = readAssessmentsDir(
    shippedFrameworks,
    new Set(defaultFramework ? sampleCatalogue(defaultFramework).map((m) => m.slug) : []),
  );
  const rules = createRuleRepository(db);
  /** A framework's assessments with the organisation's and the course's rule edits in force. */
  const assessmentsFor = async (
    frameworkId: string,
    scope: { tenantId: TenantId; contextId?: ContextId },
  ) => {
    const set = assessments.get(frameworkId);
    if (!set) return undefined;
    const overrides = await rules.inForce(scope.tenantId, scope.contextId);
    return {
      ...set,
      isDefault: set.isDefault && !overrides.some((o) => o.rule !== null),
      assessments: effectiveAssessments(set.assessments, overrides, scope.contextId),
    };
  };
  lti.app.use(
    rulesRoutes({
      ...sessionDeps,
      rules,
      frameworks,
      modules,
      shippedAssessments: (frameworkId) => assessments.get(frameworkId)?.assessments ?? [],
      learnerOf: playerDeps.learnerOf,
    }),
  );
  /**
   * After a write that can make people eligible, judge them with the rules in force where it happened and keep
   * first-eligible dates: the organisation report then counts them without anyone opening a page. A failure here
   * does not fail the write (it is only a date, taken again on the next view); it is logged.
   */
  async function recordChanged(
    tenantId: TenantId,
    contextId: ContextId | undefined,
    changed: { entryIds?: EntryId[]; personIds?: PersonId[] },
  ): Promise<void> {
    try {
      const stored = await frameworks.forTenant(tenantId);
      const set = await assessmentsFor(stored.framework.id, { tenantId, contextId });
      await recheckEligibility({ development }, tenantId, changed, set?.assessments ?? [], bangkokToday());
    } catch (err) {
      // The request id comes with the log line (the logger's mixin).
      logger.warn({ err: { message: (err as Error).message } }, 'eligibility recheck failed');
    }
  }
  /** Modules an eligibility rule names, with their titles (the tenant's, else the shipped ones) and links. */
  const namedModules = (tenantId: TenantId, slugs: readonly string[]) =>
    moduleReferences(
      {
        modules,
        shipped: () => (defaultFramework ? sampleCatalogue(defaultFramework) : []),
      },
      tenantId,
      slugs,
    );
  const plans = createPlanRepository(db);
  lti.app.use(
    planRoutes({
      ...sessionDeps,
      plans,
      frameworks,
      ledger,
      learnerOf: playerDeps.learnerOf,
      today: () => bangkokToday(now()),
    }),
  );
  lti.app.use(
    learningRecordRoutes({
      ...sessionDeps,
      today: () => bangkokToday(now()),
      ledger,
      frameworks,
      developmentTargets,
      learnerOf: playerDeps.learnerOf,
      plans,
      eligibility: {
        development,
        assessmentsFor,
        moduleReferences: namedModules,
      },
    }),
  );
  lti.app.use(
    classRoutes({
      ...sessionDeps,
      ledger,
      development,
      frameworks,
      assessmentsFor,
      learnerOf: playerDeps.learnerOf,
      moduleReferences: namedModules,
      roster: async (launch) => {
        if (!launch.nrpsMembershipsUrl) return undefined;
        const roster = await ags.memberships(launch.issuer, launch.clientId, launch.nrpsMembershipsUrl);
        return {
          members: roster.members.map((m) => ({
            userId: m.user_id,
            name: m.name,
            email: m.email,
            roles: m.roles,
            status: m.status,
          })),
          truncated: roster.truncated,
        };
      },
      today: () => bangkokToday(now()),
    }),
  );
  lti.app.use(
    developmentRoutes({
      ...sessionDeps,
      modules,
      frameworks,
      sampleCatalogue,
      development,
      developmentTargets,
      learnerOf: playerDeps.learnerOf,
      today: () => bangkokToday(now()),
      recordChanged,
    }),
  );
  lti.app.use(
    courseRoutes({
      ...sessionDeps,
      ledger,
      outbox,
      frameworks,
      learnerOf: playerDeps.learnerOf,
      recordChanged,
    }),
  );
  lti.app.use(contentManagerRoutes({ ...sessionDeps, learnerOf: playerDeps.learnerOf }));
  lti.app.use(
    organisationRoutes({
      ...sessionDeps,
      reports: createReportRepository(db),
      frameworks,
      assessmentsFor,
      today: () => bangkokToday(now()),
    }),
  );

  lti.app.use(
    authoringRoutes({
      contentManagers,
      render,
      defaultLocale,
      session: (res: Response) => lti.session(res),
      tenantIdOf: (launch: LaunchContext) => launches.tenantIdOf(launch),
      modules,
      frameworks,
      sampleCatalogue,
    }),
  );

  deepLinking = deepLinkingRoutes({
    render,
    defaultLocale,
    baseUrl: config.baseUrl,
    session: (res) => lti.session(res),
    tenantIdOf: (launch) => launches.tenantIdOf(launch),
    modules,
    frameworks,
    sampleCatalogue,
    developmentTargets,
    deepLinkingResponse: (res, items, message) => lti.deepLinkingResponse(res, items, message),
    platformHosts: (launch) => lti.platformHosts(launch.issuer, launch.clientId),
  });
  lti.app.use(deepLinking.router);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  // Pages are built per request and carry the session's ltik: hashing each one for conditional requests costs
  // more than it saves. Static files keep their own ETags (express.static sets them itself).
  for (const a of [app, lti.app]) a.set('etag', false);
  // One pair of request/response prototypes for both apps: see express-server.ts (a GC pause per prototype change).
  shareRequestPrototypes(app, lti.app);
  // First, so that every response has them: static files, health checks, 404s, error and "busy" pages.
  app.use(headers);
  // Before the request log: a request turned away under overload costs as little as possible.
  const shedding = loadShedding({
    maxInFlight: config.maxInFlight,
    logger,
    exempt: (p) => p === '/healthz' || p === '/readyz',
    refuse: (req, res) => {
      const l = requestLocale(req, defaultLocale);
      sendErrorPage(req, res, render, l, {
        status: 503,
        heading: t(l, 'error.busy.title'),
        message: t(l, 'error.busy.body'),
      });
    },
  });
  app.use(shedding.handler);
  app.use(requestLog(logger));
  app.use((_req, res, next) => {
    // The ltik travels in URLs: never leak it through Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.use('/static', express.static(path.join(projectRoot(), 'static'), { maxAge: '1h', index: false }));

  // Every browser asks for it: an empty answer, not a 404 page and a warning in the log per visit.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  });

  app.get('/healthz', async (req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message } }, 'health check failed');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.get('/readyz', async (req, res) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length) {
        res.status(503).json({ status: 'not ready', pendingMigrations: pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message } }, 'readiness check failed');
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  // A path that does not decode is refused here, with our page (ltijs would answer with JSON).
  app.use((req, res, next) => {
    try {
      decodeURIComponent(req.path);
      next();
    } catch {
      sendStandardError(req, res, render, requestLocale(req, defaultLocale), 'badRequest');
    }
  });

  // With the demo on (never in production), a launch started on another host than BASE_URL's cannot succeed.
  // Only for `npm start`'s development demo: tests (NODE_ENV=test) reach the app on an ephemeral host by design.
  if (demo && config.nodeEnv === 'development')
    app.all(
      ['/', '/demo', '/demo/start', LTI_ROUTES.login, LTI_ROUTES.launch],
      requireBaseUrlHost({ baseUrl: config.baseUrl, render, defaultLocale }),
    );

  app.get(['/', '/demo'], (req, res) => {
    if (!demo) {
      if (req.path === '/') {
        res.redirect(302, '/healthz');
        return;
      }
      sendStandardError(req, res, render, requestLocale(req, defaultLocale), 'notFound');
      return;
    }
    if (req.path === '/') {
      res.redirect(302, '/demo');
      return;
    }
    rememberLanguage(req, res, landingDeps);
    const locale = requestLocale(req, defaultLocale);
    const roles = (['learner', 'instructor', 'admin'] as const).map((role) => ({
      role,
      label: t(locale, `demo.${role}`),
      href: `/demo/start?as=${role}&locale=${locale}`,
    }));
    const moduleRoles = (['learner', 'instructor'] as const).map((role) => ({
      role,
      label: t(locale, `demo.${role}`),
      href: `/demo/start?as=${role}&locale=${locale}&activity=module`,
    }));
    const names = new Map<string, string>(
      Object.values(DEMO.users).map((u) => [u.sub, `${u.given_name} ${u.family_name}`]),
    );
    sendPage(res, render, 200, 'demo', {
      locale,
      title: t(locale, 'demo.title'),
      langSwitchUrl: switchLanguageUrl(req, locale),
      launchAsLabel: t(locale, 'demo.launchAs'),
      roles,
      containers: [
        { label: t(locale, 'demo.embed'), target: 'lms-frame', newWindow: false },
        { label: t(locale, 'demo.newWindow'), target: '_blank', newWindow: true },
      ],
      moduleRoles,
      moduleLink: t(locale, 'demo.moduleLink'),
      gradebook: demo.gradebook().map((g) => ({
        name: names.get(g.userId) ?? g.userId,
        score: `${g.scoreGiven} / ${g.scoreMaximum}`,
        progress: `${g.activityProgress}, ${g.gradingProgress}`,
        when: formatDate(locale, new Date(g.timestamp)),
      })),
    });
  });
  if (demo) app.use('/demo', demo.router);

  // OIDC login initiation: check what ltijs would otherwise answer with a JSON 400 or a 500.
  app.all(
    LTI_ROUTES.login,
    express.urlencoded({ extended: false, limit: '32kb' }),
    noControlCharacters,
    async (req, res, next) => {
      const locale = requestLocale(req, defaultLocale);
      const parsed = loginParams.safeParse({ ...req.query, ...(req.body as object) });
      if (!parsed.success) {
        sendErrorPage(req, res, render, locale, {
          status: 400,
          heading: t(locale, 'error.launch.title'),
          message: t(locale, 'error.launch.missingParams', {
            fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', '),
          }),
          hint: t(locale, 'error.reopen'),
        });
        return;
      }
      const p = parsed.data;
      // ltijs sends target_link_uri to the platform as redirect_uri: only our own launch URL may go there.
      const launchUrl = `${config.baseUrl}${LTI_ROUTES.launch}`;
      if (p.target_link_uri.split('?')[0] !== launchUrl) {
        req.log.warn({ event: 'lti.login_rejected', code: 'FOREIGN_TARGET_LINK_URI' }, 'login rejected');
        // Usually the LMS's Tool URL names another address of the tool than BASE_URL: say which, and what to change.
        const foreign = foreignTargetLink(p.target_link_uri, launchUrl);
        if (!foreign) {
          sendStandardError(req, res, render, locale, 'badRequest');
          return;
        }
        sendErrorPage(req, res, render, locale, {
          status: 400,
          heading: t(locale, 'error.setup.title'),
          message: t(locale, `error.setup.${foreign.kind}`, {
            configured: foreign.configured.slice(0, 200),
            baseUrl: config.baseUrl,
            launchUrl,
          }),
          hint: t(locale, 'error.setup.who'),
        });
        return;
      }
      const refuse = (code: string) =>
        renderLaunchError(
          {
            render,
            defaultLocale,
            // The platform's public identifiers, for the administrator to see which registration is missing.
            log: (c) =>
              req.log.warn(
                {
                  event: 'lti.login_rejected',
                  code: c,
                  issuer: p.iss.slice(0, 200),
                  clientId: p.client_id?.slice(0, 200),
                  deploymentId: p.lti_deployment_id?.slice(0, 200),
                },
                'login rejected',
              ),
          },
          req,
          res,
          code,
        );
      try {
        // Answered here so that an unknown platform gets our page and a database outage a 503, not ltijs' JSON 500.
        const status = await platforms.status(p.iss, p.client_id);
        if (status === 'unknown' && p.client_id && (await platforms.status(p.iss)) !== 'unknown') {
          // A known issuer with another client ID: in Moodle, another tool type (a course-level tool, say),
          // each with a client ID of its own. Only on this refusal: a launch costs no extra query.
          refuse('UNREGISTERED_CLIENT');
          return;
        }
        if (status !== 'active') {
          refuse(status === 'unknown' ? 'UNREGISTERED_PLATFORM' : 'PLATFORM_NOT_ACTIVATED');
          return;
        }
        if (
          p.client_id &&
          p.lti_deployment_id &&
          !(await platforms.isRegistered(p.iss, p.client_id, p.lti_deployment_id))
        ) {
          refuse('UNKNOWN_DEPLOYMENT');
          return;
        }
      } catch (err) {
        next(err);
        return;
      }
      // The target link's query parameters (Moodle custom URLs) are kept with our login state, not by ltijs in a
      // state row of its own that it would read back in the middle of the launch; the launch route adds them back.
      const cut = p.target_link_uri.indexOf('?');
      const target = cut < 0 ? p.target_link_uri : p.target_link_uri.slice(0, cut);
      // Everything after the first '?' (a query value may itself hold a '?').
      const query = cut < 0 ? '' : p.target_link_uri.slice(cut + 1);
      const targetQuery = query ? Object.fromEntries(new URLSearchParams(query)) : undefined;
      if (targetQuery) {
        const body = req.body as { target_link_uri?: string } | undefined;
        if (body?.target_link_uri) body.target_link_uri = target;
        if (req.query.target_link_uri) req.query.target_link_uri = target;
      }
      // Remember the nonce ltijs sends with this login, by state, to check the id_token against it at launch.
      const redirect = res.redirect.bind(res) as (url: string) => void;
      (res as { redirect: (url: string) => void }).redirect = (url: string) => {
        const q = new URL(url, config.baseUrl).searchParams;
        const state = q.get('state');
        const nonce = q.get('nonce');
        if (!state || !nonce) {
          redirect(url);
          return;
        }
        loginStates.remember(state, nonce, p.iss, targetQuery).then(() => sendRedirect(res, url), next);
      };
      next();
    },
  );
  app.post(
    LTI_ROUTES.launch,
    express.urlencoded({ extended: false, limit: '64kb' }),
    noControlCharacters,
    (req, res, next) => {
      const state = (req.body as { state?: unknown } | undefined)?.state;
      const ctx = requestContext.getStore();
      if (ctx && typeof state === 'string') ctx.launchState = state;
      // ltijs redirects a verified launch to the launch page with its ltik: add the target link's query parameters.
      (res as { redirect: (url: string) => void }).redirect = (url: string) => {
        const to = new URL(url, config.baseUrl);
        for (const [key, value] of Object.entries(ctx?.launchWrites?.targetQuery() ?? {}))
          to.searchParams.append(key, value);
        sendRedirect(res, `${to.pathname}${to.search}`);
      };
      next();
    },
  );

  app.use(
    registrationRoutes({
      render,
      defaultLocale,
      secret: config.registrationSecret,
      options: {
        baseUrl: config.baseUrl,
        requireHttps: !config.outboundAllowHttp,
        fetch: outbound.fetch,
        toolName: t('th', 'app.name'),
        description: `${t('th', 'app.tagline')} / ${t('en', 'app.tagline')}`,
      },
      savePlatform: async (p) => {
        if (await platforms.exists(p.issuer, p.clientId)) {
          await platforms.addDeployments(p.issuer, p.clientId, p.deploymentIds);
          return 'updated';
        }
        await platforms.add(p);
        return 'created';
      },
    }),
  );

  // Framework imports can exceed the 100 kB that ltijs' own body parser allows, and so can a module's authoring
  // form: their routes read the body themselves, once the session and the right to change content are checked.
  app.post(['/app/framework/import', ...AUTHORING_FORM_PATHS], holdBody);

  // Moodle fetches an activity's tool URL from its server each time the activity is saved, without launch
  // parameters (mod/lti lti_is_cartridge, "is this an IMS cartridge?", User-Agent MoodleBot); it reads the body
  // and ignores the status. Such a request (and a browser's, the same) gets the page a launch without a session
  // gets, 401, but as the expected answer it is: logged at info, not a warning per activity created.
  app.get(LTI_ROUTES.launch, (req, res, next) => {
    if (req.query.ltik !== undefined || req.headers.authorization !== undefined) {
      next();
      return;
    }
    expectedRefusal(res);
    req.log.info({ event: 'lti.probe', userAgent: req.headers['user-agent'] }, 'launch URL without a launch');
    const l = requestLocale(req, defaultLocale);
    sendErrorPage(req, res, render, l, {
      status: 401,
      heading: t(l, 'error.launch.title'),
      message: t(l, 'error.launch.session'),
      hint: t(l, 'error.reopen'),
    });
  });

  const isLtiPath = (p: string) => p === '/lti' || p.startsWith('/lti/') || p.startsWith('/app/');
  app.use((req, res, next) => (isLtiPath(req.path) ? lti.app(req, res, next) : next()));

  // An address no route answers, inside a session (ltijs has checked its ltik) or not.
  app.use((req: Request, res: Response) =>
    sendStandardError(req, res, render, sessionPageLocale(req, res), 'notFound'),
  );
  app.use(errorHandler({ render, defaultLocale, logger, pageLocale: sessionPageLocale }));

  return {
    app,
    db,
    lti,
    platforms,
    demo,
    logger,
    developmentTargets,
    grades,
    load: { inFlight: shedding.inFlight, shed: shedding.shed },
    outbound,
    async close() {
      clearInterval(purgeTimer);
      await grades.stop();
      outbound.close();
      await lti.close();
      if (!deps.db) await db.close();
    },
  };
}

async function ensureDemoRegistered(platforms: PlatformRepository, demo: DemoPlatform): Promise<void> {
  const existing = (await platforms.list()).find(
    (p) => p.issuer === demo.issuer && p.clientId === demo.clientId,
  );
  if (existing) {
    if (!existing.deploymentIds.includes(demo.deploymentId))
      await platforms.addDeployments(demo.issuer, demo.clientId, [demo.deploymentId]);
    return;
  }
  await platforms.add({
    issuer: demo.issuer,
    clientId: demo.clientId,
    name: 'DigiSkill demo LMS',
    authEndpoint: demo.authEndpoint,
    tokenEndpoint: demo.tokenEndpoint,
    keysetUrl: demo.keysetUrl,
    deploymentIds: [demo.deploymentId],
  });
}

/** Listens and returns a stop function that drains in-flight requests before closing the database. */
export function listen(
  app: App,
  port: number,
  host?: string,
): Promise<{ server: http.Server; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createExpressServer(app.app);
    // Idle keep-alive connections stay open longer than a load balancer's usual idle timeout (60 s), so the
    // balancer (or any client) closes them first: otherwise a request it sends just as we close gets a hang-up.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({
        server,
        async stop() {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          });
          await app.close();
        },
      });
    });
  });
}
