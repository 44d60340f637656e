import http from 'node:http';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/database';
import { migrate, pendingMigrations } from './db/migrate';
import { createLaunchRepository, launchRecorder } from './db/launch.repository';
import { createLtiRegistryRepository } from './db/lti-registry.repository';
import { createSessionRepository } from './db/session.repository';
import { createFrameworkRepository, DEFAULT_FRAMEWORK } from './db/framework.repository';
import { readFrameworkDir } from './content/framework-file';
import { readTargetsDir } from './content/targets-file';
import type { DevelopmentTargets } from './domain/learning-record/development-targets';
import { frameworkRoutes } from './http/routes/framework.routes';
import { catalogueRoutes } from './http/routes/catalogue.routes';
import { deepLinkingRoutes } from './http/routes/deep-linking.routes';
import { renderModuleLaunch } from './http/routes/module-launch';
import { launchPage, launchRoutes } from './http/routes/launch.routes';
import { modulePlayerRoutes } from './http/routes/module-player.routes';
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
import { createAuditRepository } from './db/audit.repository';
import { auditRoutes } from './http/routes/audit.routes';
import { createReportRepository } from './db/report.repository';
import { createDevelopmentRepository } from './db/development.repository';
import { readAssessmentsDir } from './content/assessments-file';
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
import { giveSampleCatalogue } from './use-cases/give-sample-catalogue';
import type { UseCaseDeps } from './use-cases/deps';
import type { PageDeps } from './http/page-deps';
import { createSampleCatalogues } from './content/sample-catalogues';
import { healthRoutes, HEALTH_PATHS } from './http/routes/health.routes';
import { demoRoutes } from './http/routes/demo.routes';
import { createModuleRepository } from './db/module.repository';
import { createLoginStateRepository } from './db/login-state.repository';
import { createPlatformRepository, type PlatformRepository } from './db/platform.repository';
import { requireBaseUrlHost } from './http/middleware/base-url-host';
import { createDemoPlatform, type DemoPlatform } from './demo/demo-platform';
import { t } from './i18n/i18n';
import { JwksCache } from './lti/jwks-cache';
import { createLti, LTI_ROUTES, type Lti } from './lti/lti-app';
import { expectedRefusal, requestLog } from './http/middleware/request-log';
import { errorHandler } from './http/middleware/error-handler';
import { holdBody } from './http/held-body';
import { refuseControlCharacters } from './http/middleware/control-characters';
import { loadShedding } from './http/middleware/load-shedding';
import { requestLocale } from './http/locale';
import { sendErrorPage, sendStandardError } from './http/pages';
import { renderLanding, rememberLanguage } from './http/routes/landing';
import { renderLaunchError } from './http/routes/launch-errors';
import { registrationRoutes } from './http/routes/registration';
import { createViews } from './http/views';
import { createExpressServer } from './http/express-server';
import { securityHeaders } from './http/security-headers';
import { createFrameAncestors } from './http/frame-ancestors';
import { createLogger, type LogDestination, type Logger } from './shared/logger';
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

/** Composition root: wires database, the LTI launch, routes and views. No listen(), no process.env. */
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
  // The platform registry as the launch reads it (registrations and the tool's keys, cached for 5 s).
  const registry = createLtiRegistryRepository(db, config.encryptionKey, { now: () => now().getTime() });
  const now = deps.now ?? (() => new Date());
  const toolOrigin = new URL(config.baseUrl).origin;
  // A registry change (a platform removed, a deployment split off) drops this process's platform and tenant caches
  // and rereads the origins that may frame the tool.
  const platforms = createPlatformRepository(db, config.encryptionKey, {
    onChange: () => {
      registry.forget();
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
  const sampleCatalogue = createSampleCatalogues();
  const defaultFramework = await frameworks.latest(DEFAULT_FRAMEWORK);
  const shippedModules = () => (defaultFramework ? sampleCatalogue(defaultFramework) : []);
  // A catalogue file that does not fit the default framework stops start-up, naming the file and the field.
  shippedModules();
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
  const sessions = createSessionRepository(db);
  const purgeTimer = setInterval(() => {
    loginStates.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'login state purge failed'));
    sessions.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
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
  const launchError = (req: Request, res: Response, code: string, locale?: string) =>
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
    );
  const lti = createLti({
    encryptionKey: config.encryptionKey,
    cookies: config.cookies,
    platforms: {
      find: (issuer, clientId) => registry.find(issuer, clientId),
      isDeploymentRegistered: (iss, clientId, deploymentId) =>
        platforms.isRegistered(iss, clientId, deploymentId),
      status: (issuer, clientId) => platforms.status(issuer, clientId),
    },
    toolKeys: registry,
    loginStates,
    recorder: launchRecorder(launches),
    sessions,
    jwks,
    clockSkewSeconds: config.clockSkewSeconds,
    // One rule for every address of a platform: https, unless OUTBOUND_ALLOW_HTTP lets plain http through.
    requireHttps: !config.outboundAllowHttp,
    onSessionRefused: launchError,
  });

  // Every form and query of the app's pages (the session router has parsed the body by now): no control characters.
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
      rememberLanguage(req, res, landingDeps, lti.session(res)?.ltik);
    }
    next();
  });

  const ags = createAgsClient({
    credentials: (issuer, clientId) => lti.serviceCredentials(issuer, clientId),
    timeoutMs: config.agsTimeoutMs,
    // Moodle sends a course's whole roster (NRPS) in one page when asked for no limit: more than a JSON document.
    // (The roster's own pages ask for what is left of their budget, ROSTER_LIMITS.)
    fetch: (url, init) => outbound.fetch(url, { maxBytes: ROSTER_LIMITS.pageBytes, ...init }),
  });
  const outbox = createGradeOutbox(db);
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
  // Assessments and their eligibility rules per framework (config/assessments); modules they require must exist.
  const assessments = readAssessmentsDir(shippedFrameworks, new Set(shippedModules().map((m) => m.slug)));
  const learnerOf = createLearnerLookup(db);

  // Every use case draws from this one object; every page router gets it with the session (see PageDeps).
  const useCases: UseCaseDeps = {
    frameworks,
    rules: createRuleRepository(db),
    ledger: createLedgerRepository(db),
    plans: createPlanRepository(db),
    modules,
    player: createPlayerRepository(db),
    outbox,
    reports: createReportRepository(db),
    contentManagers: createContentManagerRepository(db, STAFF_ROLES),
    audit: createAuditRepository(db),
    development: createDevelopmentRepository(db),
    grades,
    sampleCatalogue,
    shippedModules,
    developmentTargets,
    shippedAssessments: (frameworkId) => assessments.get(frameworkId),
    today: () => bangkokToday(now()),
    logger,
  };
  const pages: PageDeps = {
    ...useCases,
    render,
    defaultLocale,
    session: (res: Response) => lti.session(res),
    tenantIdOf: (launch: LaunchContext) => launches.tenantIdOf(launch),
    learnerOf: (launch: LaunchContext, tenantId: number) =>
      learnerOf(tenantId, launch.platformUserId, launch.context?.id),
  };
  const playerDeps = pages;
  const deepLinking = deepLinkingRoutes({
    ...pages,
    baseUrl: config.baseUrl,
    deepLinkingResponse: (res, items, message) => lti.deepLinkingResponse(res, items, message),
    platformHosts: (launch) => lti.platformHosts(launch.issuer, launch.clientId),
  });
  // The app's pages, behind the session check; one list, in the order they are tried.
  const pageRouters = [
    frameworkRoutes(pages),
    catalogueRoutes(pages),
    modulePlayerRoutes(pages),
    rulesRoutes(pages),
    planRoutes(pages),
    learningRecordRoutes(pages),
    classRoutes({
      ...pages,
      roster: async (course) => {
        const roster = await ags.memberships(course.issuer, course.clientId, course.membershipsUrl);
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
    }),
    developmentRoutes(pages),
    courseRoutes(pages),
    contentManagerRoutes(pages),
    auditRoutes(pages),
    organisationRoutes(pages),
    authoringRoutes(pages),
    deepLinking.router,
  ];
  for (const router of pageRouters) lti.app.use(router);
  // The launch page of a session: the landing page, a placed module, or the deep-linking picker.
  lti.app.all(
    LTI_ROUTES.launch,
    launchPage({
      lti,
      onLaunch: async (req, res, launch, ltik) => {
        const opened = await renderModuleLaunch({ ...landingDeps, ...playerDeps }, req, res, launch, ltik);
        if (!opened) renderLanding(landingDeps, req, res, launch, ltik);
      },
      onDeepLinking: (req, res, next) => deepLinking.picker(req, res, next),
    }),
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  // Pages are built per request and carry the session's ltik: hashing each one for conditional requests costs
  // more than it saves. Static files keep their own ETags (express.static sets them itself).
  app.set('etag', false);
  // First, so that every response has them: static files, health checks, 404s, error and "busy" pages.
  app.use(headers);
  // Before the request log: a request turned away under overload costs as little as possible.
  const shedding = loadShedding({
    maxInFlight: config.maxInFlight,
    logger,
    exempt: (p) => HEALTH_PATHS.includes(p),
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

  app.use(
    healthRoutes({
      ping: async () => {
        await db.query('SELECT 1');
      },
      pendingMigrations: () => pendingMigrations(db),
    }),
  );

  // A path that does not decode is refused here, with our page (express would answer with its own).
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

  app.use(demoRoutes({ ...landingDeps, demo }));

  // The launch: login, then the platform's form post (validate, record, session), and the tool's key set.
  app.use(
    launchRoutes({
      lti,
      render,
      defaultLocale,
      baseUrl: config.baseUrl,
      refuse: launchError,
      // The platform's public identifiers, for the administrator to see which registration is missing.
      logLoginRefused: (req, code, p) =>
        req.log.warn(
          {
            event: 'lti.login_rejected',
            code,
            issuer: p.iss.slice(0, 200),
            clientId: p.client_id?.slice(0, 200),
            deploymentId: p.lti_deployment_id?.slice(0, 200),
          },
          'login rejected',
        ),
      formChecks: noControlCharacters,
    }),
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
          await platforms.addDeployments(p.issuer, p.clientId, p.deploymentIds, REGISTRATION);
          return 'updated';
        }
        await platforms.add(p, REGISTRATION);
        return 'created';
      },
    }),
  );

  // Framework imports can exceed the 100 kB that the session routes' body parser allows, and so can a module's authoring
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

  // An address no route answers, inside a session (its ltik checked) or not.
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
      await platforms.addDeployments(demo.issuer, demo.clientId, [demo.deploymentId], SYSTEM);
    return;
  }
  await platforms.add(
    {
      issuer: demo.issuer,
      clientId: demo.clientId,
      name: 'DigiSkill demo LMS',
      authEndpoint: demo.authEndpoint,
      tokenEndpoint: demo.tokenEndpoint,
      keysetUrl: demo.keysetUrl,
      deploymentIds: [demo.deploymentId],
    },
    SYSTEM,
  );
}

/** Who the audit log names for registry changes made by the LMS (Dynamic Registration) and by the tool itself. */
const REGISTRATION = { kind: 'registration' } as const;
const SYSTEM = { kind: 'system' } as const;

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
