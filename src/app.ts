import http from 'node:http';
import path from 'node:path';
import express, { type Express, type Response } from 'express';
import { configWarnings, type Config } from './config/env';
import type { TenantId } from './shared/ids';
import { loadShippedContent, type ContentDirs } from './content/shipped-content';
import { createOrganisationStageRepository } from './db/organisation-stage.repository';
import { createTargetGroupRepository } from './db/target-group.repository';
import { createOfficialResultRepository } from './db/official-result.repository';
import { createContentManagerRepository } from './db/content-manager.repository';
import { openDatabase, type Database } from './db/database';
import { createDevelopmentRepository } from './db/development.repository';
import { createFrameworkRepository, DEFAULT_FRAMEWORK } from './db/framework.repository';
import { createLaunchRepository, launchRecorder } from './db/launch.repository';
import { createGradeOutbox } from './db/grade-outbox.repository';
import { createLearnerLookup } from './db/learner-lookup.repository';
import { createLedgerRepository } from './db/ledger.repository';
import { createEvidenceRepository } from './db/evidence.repository';
import { evidenceRoutes } from './http/routes/evidence.routes';
import { createPlayerRepository } from './db/player.repository';
import { createQuestionBankRepository } from './db/question-bank.repository';
import { createLoginStateRepository } from './db/login-state.repository';
import { createLtiRegistryRepository } from './db/lti-registry.repository';
import { migrate, pendingMigrations } from './db/migrate';
import { createModuleRepository } from './db/module.repository';
import { createModuleLibraryRepository } from './db/module-library.repository';
import { createPlanRepository } from './db/plan.repository';
import { createPlatformRepository, type PlatformRepository } from './db/platform.repository';
import { createReportRepository } from './db/report.repository';
import { createReportSnapshotRepository } from './db/report-snapshot.repository';
import { createNeedAnalysisRepository } from './db/need-analysis.repository';
import { createRuleRepository } from './db/rule.repository';
import { createSessionRepository } from './db/session.repository';
import { createDemoPlatform, type DemoPlatform } from './demo/demo-platform';
import type { Crosswalk } from './domain/framework/crosswalk';
import type { DevelopmentTargets } from './domain/learning-record/development-targets';
import { createExpressServer } from './http/express-server';
import { createFrameAncestors } from './http/frame-ancestors';
import { organisationStageRoutes } from './http/routes/organisation-stage.routes';
import { IMPORT_BODY_PATHS, targetImportRoutes } from './http/routes/target-import.routes';
import { OFFICIAL_IMPORT_BODY_PATHS, officialImportRoutes } from './http/routes/official-import.routes';
import { holdBody } from './http/held-body';
import { requireBaseUrlHost } from './http/middleware/base-url-host';
import { refuseControlCharacters } from './http/middleware/control-characters';
import { errorHandler } from './http/middleware/error-handler';
import { busyPage, loadShedding } from './http/middleware/load-shedding';
import { notFound } from './http/middleware/not-found';
import { rememberLanguageSwitch } from './http/middleware/remember-language';
import { requestLog } from './http/middleware/request-log';
import { refuseUndecodablePath } from './http/middleware/undecodable-path';
import type { PageDeps } from './http/page-deps';
import { AUTHORING_FORM_PATHS, authoringRoutes } from './http/routes/authoring.routes';
import { questionBankRoutes } from './http/routes/question-bank.routes';
import { organisationGainsRoutes } from './http/routes/organisation-gains.routes';
import { catalogueRoutes } from './http/routes/catalogue.routes';
import { classRoutes } from './http/routes/class.routes';
import { contentManagerRoutes } from './http/routes/content-managers.routes';
import { courseRoutes } from './http/routes/course.routes';
import { deepLinkingRoutes } from './http/routes/deep-linking.routes';
import { demoRoutes } from './http/routes/demo.routes';
import { developmentRoutes } from './http/routes/development.routes';
import { frameworkRoutes } from './http/routes/framework.routes';
import { healthRoutes, HEALTH_PATHS } from './http/routes/health.routes';
import { homeRoutes } from './http/routes/home.routes';
import { launchErrorPage } from './http/routes/launch-errors';
import { launchPage, launchRoutes } from './http/routes/launch.routes';
import { learningRecordRoutes } from './http/routes/learning-record.routes';
import { renderLaunchPage } from './http/routes/module-launch';
import { modulePlayerRoutes } from './http/routes/module-player.routes';
import { moduleLibraryRoutes } from './http/routes/module-library.routes';
import { organisationRoutes } from './http/routes/organisation.routes';
import { planRoutes } from './http/routes/plan.routes';
import { createAuditRepository } from './db/audit.repository';
import { createCertificateRepository } from './db/certificate.repository';
import { createCredentialRepository } from './db/credential.repository';
import { auditRoutes } from './http/routes/audit.routes';
import { reportSnapshotRoutes } from './http/routes/report-snapshots.routes';
import { needAnalysisRoutes } from './http/routes/need-analysis.routes';
import { certificateRoutes, certificateVerificationRoutes } from './http/routes/certificates.routes';
import { openBadgeRoutes } from './http/routes/open-badges.routes';
import { createNotificationRepository } from './db/notification.repository';
import { createHandInRepository } from './db/hand-in.repository';
import { startHandInSweep, type HandInSweep } from './use-cases/notify-overdue-hand-ins';
import { handInRoutes } from './http/routes/hand-ins.routes';
import { notificationRoutes } from './http/routes/notifications.routes';
import { composeNotificationMail } from './http/notification-mail';
import { createNotificationMailRepository } from './db/notification-mail.repository';
import { createSmtpMailer } from './shared/smtp-mailer';
import { startMailWorker, type MailWorker } from './use-cases/send-notification-mail';
import { unreadNotifications } from './http/notification-badge';
import { createFollowUpRepository } from './db/follow-up.repository';
import { followUpRoutes } from './http/routes/follow-ups.routes';
import { startFollowUpSweep, type FollowUpSweep } from './use-cases/notify-follow-ups-due';
import { registrationRoutes } from './http/routes/registration';
import { rulesRoutes } from './http/routes/rules.routes';
import { staticRoutes } from './http/routes/static.routes';
import { securityHeaders } from './http/security-headers';
import { sessionLocales } from './http/session-locale';
import { createViews } from './http/views';
import { t } from './i18n/i18n';
import { agsRosterSource, createAgsClient, ROSTER_LIMITS } from './lti/ags-client';
import { startExpiryPurge } from './lti/expiry-purge';
import { JwksCache } from './lti/jwks-cache';
import type { LaunchContext } from './lti/launch-context';
import { createLti, LTI_ROUTES, type Lti } from './lti/lti-app';
import { STAFF_ROLES } from './lti/roles';
import { bangkokToday } from './shared/clock';
import { createLogger, type LogDestination, type Logger } from './shared/logger';
import { createOutboundClient, type OutboundClient, type ResolveHost } from './shared/outbound-http';
import { createOutboundPolicy } from './shared/outbound-policy';
import {
  gradeWorkerLog,
  scoreFailureKind,
  startGradeWorker,
  type GradeWorker,
} from './use-cases/deliver-grades';
import type { UseCaseDeps } from './use-cases/deps';
import { giveSampleCatalogueAtFirstLaunch } from './use-cases/give-sample-catalogue';
import { registerDemoPlatform } from './use-cases/register-demo-platform';
import { registerPlatform } from './use-cases/register-platform';
import { createMetrics, type Metrics } from './shared/metrics';
import { readGradeOutboxFigures } from './db/grade-outbox-figures';
import { requestMetrics } from './http/middleware/request-metrics';

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
  /** Where the shipped content is read from, per kind (tests point one at a folder of their own); default config/. */
  contentDirs?: Partial<ContentDirs>;
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
  /** Reviewed links between two frameworks, by crosswalk id, from config/crosswalks (checked at start). */
  crosswalks: Map<string, Crosswalk>;
  /** The grade passback worker; `drain()` delivers what is due now. */
  grades: GradeWorker;
  /** The notification e-mail worker, when SMTP is configured; `drain()` sends what is due now. */
  mail?: MailWorker;
  /** The sweep that notifies people whose signed self-assessment is overdue; `run()` sweeps now. */
  handInSweep: HandInSweep;
  /** The follow-up sweep ("follow-up due" notifications, every MAIL_POLL_MS); `sweep()` runs one now. */
  followUps: FollowUpSweep;
  /** Requests being served now, and how many were turned away over MAX_IN_FLIGHT. */
  load: { inFlight(): number; shed(): number };
  /** The client for every request to a URL that came from outside (platforms' configurations, keys, services). */
  outbound: OutboundClient;
  /** This process's numbers for `/metrics` (served on METRICS_PORT by src/main.ts, never on the app's port). */
  metrics: Metrics;
  close(): Promise<void>;
}

/** How often the hand-in sweep looks for deadlines passed: notices go out within this after midnight in Bangkok. */
const HAND_IN_SWEEP_MS = 15 * 60_000;

/**
 * Composition root: builds each dependency once (database, shipped content, repositories, the LTI launch, the
 * use cases' dependencies, views) and mounts the routers in the order requests meet them. No handler, cache or
 * business rule lives here; no listen(), no process.env.
 */
export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger =
    deps.logger ??
    createLogger(config.logLevel, deps.logDestination, {
      secrets: [
        config.encryptionKey,
        config.registrationSecret,
        config.metrics?.token,
        config.mail?.smtp.pass,
      ],
    });
  for (const w of configWarnings(config)) logger.warn({ event: w.event }, w.message);
  const now = deps.now ?? (() => new Date());
  const clock = () => now().getTime();
  const production = config.nodeEnv === 'production';
  const { defaultLocale } = config;

  const db = deps.db ?? (await openDatabase(config.databaseUrl, path.resolve(config.dataDir, 'pglite')));
  const applied = await migrate(db);
  // Requests, launches, grades and shedding are counted as they happen; the pool and the outbox are read at each
  // scrape (the outbox in one statement), so a launch pays nothing for them.
  const metrics = createMetrics({
    ...(db.poolStats ? { pool: () => db.poolStats?.() } : {}),
    gradeOutbox: () => readGradeOutboxFigures(db),
  });
  // An upgrade's migrations, named in the log (none on an ordinary start).
  if (applied.length > 0) logger.info({ event: 'db.migrated', migrations: applied }, 'database migrated');

  // Everything under config/ (frameworks, targets, crosswalks, catalogue, assessments): a bad file stops start-up.
  const frameworks = createFrameworkRepository(db);
  const content = await loadShippedContent(frameworks, {
    defaultFramework: DEFAULT_FRAMEWORK,
    dirs: deps.contentDirs,
  });

  const render = createViews();
  // The platform registry as the launch reads it (registrations and the tool's keys, cached for 5 s).
  const registry = createLtiRegistryRepository(db, config.encryptionKey, { now: clock });
  const modules = createModuleRepository(db);
  const launches = createLaunchRepository(db, {
    now: clock,
    tenantWithoutCatalogue: (tenantId) =>
      giveSampleCatalogueAtFirstLaunch(
        { modules, frameworks, sampleCatalogue: content.sampleCatalogue, logger },
        tenantId,
      ),
  });
  // A registry change (a platform removed, a deployment split off) drops this process's platform and tenant caches
  // and rereads the origins that may frame the tool.
  const platforms = createPlatformRepository(db, config.encryptionKey, {
    onChange: () => {
      registry.forget();
      launches.forgetTenants();
      return frameAncestors.refresh();
    },
    now: clock,
  });
  // The origins that may frame the tool, from the platform registry, read in the background (never per request).
  const frameAncestors = createFrameAncestors({
    platforms: () => platforms.list(),
    toolOrigin: new URL(config.baseUrl).origin,
    onError: (err) => logger.warn({ err }, 'platform origins for frame-ancestors could not be read'),
  });
  await frameAncestors.refresh();
  const loginStates = createLoginStateRepository(db);
  const sessions = createSessionRepository(db);
  const stopPurge = startExpiryPurge(
    [
      { name: 'login state', purgeExpired: () => loginStates.purgeExpired() },
      { name: 'session', purgeExpired: () => sessions.purgeExpired() },
    ],
    logger,
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
  const jwks = deps.jwks ?? new JwksCache({ fetch: outbound.fetch, now: clock });

  let demo: DemoPlatform | undefined;
  if (config.demoPlatform) {
    demo = await createDemoPlatform(config.baseUrl, {
      courseTitle: (l) => t(l, 'demo.course'),
      linkTitle: (l) => t(l, 'demo.link'),
      moduleLinkTitle: (l) => t(l, 'demo.moduleLink'),
      continueLabel: (l) => t(l, 'demo.continue'),
      redirecting: (l) => t(l, 'demo.redirecting'),
    });
    await registerDemoPlatform({ platforms }, demo);
  }

  // The launch (src/lti/): login -> validate -> record -> session, and the session check of every later request.
  const launchError = launchErrorPage({ render, defaultLocale, baseUrl: config.baseUrl, logger });
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
  const locales = sessionLocales(lti, defaultLocale);
  const noControlCharacters = refuseControlCharacters({
    render,
    defaultLocale,
    sessionLocale: locales.sessionLocale,
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
      ...countedGradeWorkerLog(gradeWorkerLog(logger), metrics),
    },
    // A claimed grade is leased for as long as its two LMS calls (token, score) may take: if this instance dies
    // holding it, another (or this one, restarted) sends it once the lease runs out.
    { intervalMs: config.gradePollMs, leaseSeconds: Math.ceil((2 * config.agsTimeoutMs) / 1000) + 5 },
  );

  // Notification e-mail, when an SMTP server is configured (off by default).
  const smtp = config.mail
    ? createSmtpMailer({ ...config.mail.smtp, from: config.mail.from, rejectUnauthorized: production })
    : undefined;
  const mail =
    config.mail && smtp
      ? startMailWorker(
          {
            store: createNotificationMailRepository(db),
            mailer: smtp,
            compose: composeNotificationMail(defaultLocale),
            now,
            onError: (err) => logger.warn({ err, event: 'mail.failed' }, 'notification e-mail failed'),
          },
          { intervalMs: config.mail.pollMs },
        )
      : undefined;

  // Every use case draws from this one object; every page router gets it with the session (see PageDeps).
  const useCases: UseCaseDeps = {
    frameworks,
    rules: createRuleRepository(db),
    ledger: createLedgerRepository(db),
    evidence: createEvidenceRepository(db),
    plans: createPlanRepository(db),
    modules,
    library: createModuleLibraryRepository(db),
    player: createPlayerRepository(db),
    outbox,
    reports: createReportRepository(db),
    snapshots: createReportSnapshotRepository(db),
    needs: createNeedAnalysisRepository(db),
    contentManagers: createContentManagerRepository(db, STAFF_ROLES),
    organisationStages: createOrganisationStageRepository(db),
    targetGroups: createTargetGroupRepository(db),
    officialResults: createOfficialResultRepository(db),
    audit: createAuditRepository(db),
    certificates: createCertificateRepository(db),
    credentials: createCredentialRepository(db, config.encryptionKey),
    notifications: createNotificationRepository(db),
    handIns: createHandInRepository(db),
    development: createDevelopmentRepository(db),
    grades,
    bank: createQuestionBankRepository(db),
    followUps: createFollowUpRepository(db),
    followUpQuestionnaire: content.followUp,
    now,
    random: Math.random,
    sampleCatalogue: content.sampleCatalogue,
    shippedModules: content.shippedModules,
    developmentTargets: content.developmentTargets,
    levelDescriptors: content.levelDescriptors,
    shippedAssessments: (frameworkId) => content.assessments.get(frameworkId),
    counting: content.counting,
    crosswalks: content.crosswalks,
    today: () => bangkokToday(now()),
    logger,
  };
  // A passed hand-in deadline is noticed by this sweep, never by a request (a launch pays nothing for it).
  const handInSweep = startHandInSweep(
    {
      handIns: useCases.handIns,
      today: useCases.today,
      onError: (err) => logger.warn({ err, event: 'hand_in.sweep_failed' }, 'hand-in sweep failed'),
    },
    { intervalMs: HAND_IN_SWEEP_MS },
  );
  // Follow-ups come due by the calendar, not by a request: one sweep beside the mail worker, never per launch.
  const followUps = startFollowUpSweep(useCases, { intervalMs: config.followUpPollMs });
  const learnerOf = createLearnerLookup(db);
  const pages: PageDeps = {
    ...useCases,
    render,
    defaultLocale,
    session: (res: Response) => lti.session(res),
    tenantIdOf: (launch: LaunchContext) => launches.tenantIdOf(launch),
    learnerOf: (launch: LaunchContext, tenantId: TenantId) =>
      learnerOf(tenantId, launch.platformUserId, launch.context?.id),
  };
  const landing = { render, defaultLocale, cookies: config.cookies };
  const deepLinking = deepLinkingRoutes({
    ...pages,
    baseUrl: config.baseUrl,
    deepLinkingResponse: (res, items, message) => lti.deepLinkingResponse(res, items, message),
    platformHosts: (launch) => lti.platformHosts(launch.issuer, launch.clientId),
  });

  // The session's router (lti.app: body parsers, then the session check): every form and query of the app's pages
  // free of control characters, the language switch remembered, then the pages in the order they are tried.
  lti.app.use(noControlCharacters);
  lti.app.use(rememberLanguageSwitch(landing, locales.ltikOf));
  // The navigation's unread badge, read once per page (GET) of a session.
  lti.app.use(unreadNotifications(pages));
  for (const router of [
    frameworkRoutes(pages),
    catalogueRoutes(pages),
    moduleLibraryRoutes(pages),
    modulePlayerRoutes(pages),
    rulesRoutes(pages),
    planRoutes(pages),
    learningRecordRoutes({ ...pages, evidenceMaxBytes: config.evidenceMaxBytes }),
    evidenceRoutes({ ...pages, evidenceMaxBytes: config.evidenceMaxBytes }),
    classRoutes({ ...pages, ...agsRosterSource(ags) }),
    homeRoutes({ ...pages, ...agsRosterSource(ags) }),
    developmentRoutes(pages),
    courseRoutes(pages),
    contentManagerRoutes(pages),
    auditRoutes(pages),
    certificateRoutes({ ...pages, baseUrl: config.baseUrl }),
    notificationRoutes({ ...pages, mailEnabled: config.mail !== undefined }),
    organisationRoutes(pages),
    reportSnapshotRoutes(pages),
    needAnalysisRoutes(pages),
    organisationStageRoutes(pages),
    targetImportRoutes(pages),
    officialImportRoutes(pages),
    authoringRoutes(pages),
    questionBankRoutes(pages),
    organisationGainsRoutes(pages),
    handInRoutes(pages),
    followUpRoutes(pages),
    deepLinking.router,
  ])
    lti.app.use(router);
  // The launch page of a session: a placed module, the deep-linking picker, or a redirect to the home page.
  lti.app.all(
    LTI_ROUTES.launch,
    launchPage({
      lti,
      onLaunch: renderLaunchPage({ ...pages, ...landing }),
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
  app.use(securityHeaders({ hsts: production, frameAncestors: () => frameAncestors.current() }));
  // Every answered request, the busy pages included, by route pattern and status.
  app.use(requestMetrics(metrics, { staticMounts: ['/static', '/demo'] }));
  // Before the request log: a request turned away under overload costs as little as possible.
  const busy = busyPage({ render, defaultLocale });
  const shedding = loadShedding({
    maxInFlight: config.maxInFlight,
    logger,
    exempt: (p) => HEALTH_PATHS.includes(p),
    refuse: (req, res) => {
      metrics.shed();
      busy(req, res);
    },
  });
  app.use(shedding.handler);
  app.use(requestLog(logger));
  app.use(staticRoutes());
  app.use(
    healthRoutes({
      ping: async () => {
        await db.query('SELECT 1');
      },
      pendingMigrations: () => pendingMigrations(db),
    }),
  );
  app.use(refuseUndecodablePath({ render, defaultLocale }));
  // With the demo on (never in production), a launch started on another host than BASE_URL's cannot succeed.
  // Only for `npm start`'s development demo: tests (NODE_ENV=test) reach the app on an ephemeral host by design.
  if (demo && config.nodeEnv === 'development')
    app.all(
      ['/', '/demo', '/demo/start', LTI_ROUTES.login, LTI_ROUTES.launch],
      requireBaseUrlHost({ baseUrl: config.baseUrl, render, defaultLocale }),
    );
  app.use(demoRoutes({ ...landing, demo, baseUrl: config.baseUrl }));
  // A certificate's public check: no session, one indexed read.
  app.use(certificateVerificationRoutes({ render, defaultLocale, certificates: useCases.certificates }));
  // Open Badges 3.0: credentials, the issuers' profiles, keys and status lists, and the check of a credential.
  app.use(openBadgeRoutes({ ...useCases, render, defaultLocale, baseUrl: config.baseUrl }));
  // The launch: login, then the platform's form post (validate, record, session), and the tool's key set.
  app.use(
    launchRoutes({
      lti,
      render,
      defaultLocale,
      baseUrl: config.baseUrl,
      refuse: launchError,
      formChecks: noControlCharacters,
      metrics,
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
      savePlatform: (p) => registerPlatform({ platforms }, p),
    }),
  );
  // Framework imports can exceed the 100 kB that the session routes' body parser allows, and so can a module's authoring
  // form, and so can a target-group import: their routes read the body themselves, once the session and the right
  // to make the change are checked.
  app.post(
    ['/app/framework/import', ...AUTHORING_FORM_PATHS, ...IMPORT_BODY_PATHS, ...OFFICIAL_IMPORT_BODY_PATHS],
    holdBody,
  );
  const isSessionPath = (p: string) => p === '/lti' || p.startsWith('/lti/') || p.startsWith('/app/');
  app.use((req, res, next) => (isSessionPath(req.path) ? lti.app(req, res, next) : next()));
  app.use(notFound({ render, pageLocale: locales.pageLocale }));
  app.use(errorHandler({ render, defaultLocale, logger, pageLocale: locales.pageLocale }));

  return {
    app,
    db,
    lti,
    platforms,
    demo,
    logger,
    developmentTargets: content.developmentTargets,
    crosswalks: content.crosswalks,
    grades,
    mail,
    handInSweep,
    followUps,
    load: { inFlight: shedding.inFlight, shed: shedding.shed },
    outbound,
    metrics,
    async close() {
      stopPurge();
      await grades.stop();
      await mail?.stop();
      await handInSweep.stop();
      await followUps.stop();
      smtp?.close();
      outbound.close();
      await lti.close();
      if (!deps.db) await db.close();
    },
  };
}

/** A failed grade attempt's kind as the metrics name it: retried later, or final with its reason. */
const GRADE_FAILURE_KIND: Record<ReturnType<typeof scoreFailureKind>, string> = {
  retry: 'temporary',
  refused: 'refused',
  not_newer: 'not_newer',
  platform_removed: 'platform_removed',
};

/** The grade worker's log lines, each outcome counted first (digiskill_grades_delivered_total, ..._failed_total). */
function countedGradeWorkerLog(
  log: ReturnType<typeof gradeWorkerLog>,
  metrics: Metrics,
): ReturnType<typeof gradeWorkerLog> {
  return {
    onResult(grade, err) {
      if (err) metrics.gradeFailed(GRADE_FAILURE_KIND[scoreFailureKind(err)]);
      else metrics.gradeDelivered();
      log.onResult(grade, err);
    },
    onError: (err) => log.onError(err),
  };
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
