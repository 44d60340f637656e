import type { ApprovalsPage } from './approvals.view-model';
import type { AuditPage } from './audit.view-model';
import type { AuthoringPage } from './authoring.view-model';
import type { BankQuestionPage } from './bank-question.view-model';
import type { CataloguePage } from './catalogue.view-model';
import type { BadgeVerifyPage } from './badge-verify.view-model';
import type { CertificateVerifyPage } from './certificate-verify.view-model';
import type { CertificatesPage } from './certificates.view-model';
import type { ClassPage } from './class.view-model';
import type { ContentManagersPage } from './content-managers.view-model';
import type { DeepLinkingPage } from './deep-linking.view-model';
import type { DeepLinkingReturnPage } from './deep-linking-return.view-model';
import type { DemoPage } from './demo.view-model';
import type { DemoReturnPage } from './demo-return.view-model';
import type { ErrorPage } from './error.view-model';
import type { FrameworkPage } from './framework.view-model';
import type { FrameworkChoicePage } from './framework-choice.view-model';
import type { GradesPage } from './grades.view-model';
import type { HandInsPage } from './hand-ins.view-model';
import type { HomePage } from './home.view-model';
import type { LearnerPlanPage } from './learner-plan.view-model';
import type { LearnerRecordPage } from './learner-record.view-model';
import type { LearnersPage } from './learners.view-model';
import type { MatrixPage } from './matrix.view-model';
import type { ModulePage } from './module.view-model';
import type { ModuleLibraryPage } from './module-library.view-model';
import type { ModulePagePage } from './module-page.view-model';
import type { ModuleQuizPage } from './module-quiz.view-model';
import type { ModuleQuizDrawPage } from './module-quiz-draw.view-model';
import type { NotificationsPage } from './notifications.view-model';
import type { OrganisationPage } from './organisation.view-model';
import type { OrganisationStagePage } from './organisation-stage.view-model';
import type { TargetImportPage } from './target-import.view-model';
import type { OfficialImportPage } from './official-import.view-model';
import type { OrganisationGainsPage } from './organisation-gains.view-model';
import type { FollowUpPage, FollowUpsPage, OrganisationFollowUpsPage } from './follow-ups.view-model';
import type { PlanPage } from './plan.view-model';
import type { QuestionBankPage } from './question-bank.view-model';
import type { ProgressPage, RecordHistoryPage } from './progress.view-model';
import type { RecordNewPage } from './record-new.view-model';
import type { RegistrationPage } from './registration.view-model';
import type {
  ReportComparePage,
  ReportSnapshotPage,
  ReportSnapshotsPage,
} from './report-snapshots.view-model';
import type { NeedAnalysisPage } from './need-analysis.view-model';
import type { RegistrationDonePage } from './registration-done.view-model';
import type { RuleEditPage } from './rule-edit.view-model';
import type { RulesPage } from './rules.view-model';
import type { SelfAssessmentPage } from './self-assessment.view-model';
import type { SelfAssessmentResultPage } from './self-assessment-result.view-model';

/**
 * Every page and the view model it is rendered with: rendering page X with Y's model, or with a field X does not
 * declare, fails the type check. One interface per page, in view-models/<page>.view-model.ts.
 */
export interface PageModels {
  approvals: ApprovalsPage;
  audit: AuditPage;
  authoring: AuthoringPage;
  'bank-question': BankQuestionPage;
  catalogue: CataloguePage;
  'badge-verify': BadgeVerifyPage;
  'certificate-verify': CertificateVerifyPage;
  certificates: CertificatesPage;
  class: ClassPage;
  'content-managers': ContentManagersPage;
  'deep-linking': DeepLinkingPage;
  'deep-linking-return': DeepLinkingReturnPage;
  demo: DemoPage;
  'demo-return': DemoReturnPage;
  error: ErrorPage;
  framework: FrameworkPage;
  'framework-choice': FrameworkChoicePage;
  grades: GradesPage;
  'hand-ins': HandInsPage;
  home: HomePage;
  'learner-plan': LearnerPlanPage;
  'learner-record': LearnerRecordPage;
  learners: LearnersPage;
  matrix: MatrixPage;
  module: ModulePage;
  'module-library': ModuleLibraryPage;
  'module-page': ModulePagePage;
  'module-quiz': ModuleQuizPage;
  'module-quiz-draw': ModuleQuizDrawPage;
  notifications: NotificationsPage;
  organisation: OrganisationPage;
  'report-snapshots': ReportSnapshotsPage;
  'report-snapshot': ReportSnapshotPage;
  'report-compare': ReportComparePage;
  'need-analysis': NeedAnalysisPage;
  'organisation-stage': OrganisationStagePage;
  'target-import': TargetImportPage;
  'official-import': OfficialImportPage;
  'organisation-gains': OrganisationGainsPage;
  'follow-ups': FollowUpsPage;
  'follow-up': FollowUpPage;
  'organisation-follow-ups': OrganisationFollowUpsPage;
  plan: PlanPage;
  'question-bank': QuestionBankPage;
  progress: ProgressPage;
  'record-history': RecordHistoryPage;
  'record-new': RecordNewPage;
  registration: RegistrationPage;
  'registration-done': RegistrationDonePage;
  'rule-edit': RuleEditPage;
  rules: RulesPage;
  'self-assessment': SelfAssessmentPage;
  'self-assessment-result': SelfAssessmentResultPage;
}

export type PageName = keyof PageModels;

/** Every page model has its title (the layout's <title>): a page without one fails the type check here. */
type Titled<T extends Record<PageName, { title: string }>> = T;
export type TitledPageModels = Titled<PageModels>;

/**
 * The frame a page is shown in (views/layouts/main.hbs): `session` pages carry the ltik on every link and form and
 * offer the language switch back to the same page; `plain` pages (errors, registration with the LMS, the form that
 * posts back to the LMS) offer neither; `public` pages (a certificate's check, reached without a session) offer the
 * language switch without an ltik. Deciding it is part of adding a page.
 */
export const PAGE_FRAME = {
  approvals: 'session',
  audit: 'session',
  authoring: 'session',
  'bank-question': 'session',
  catalogue: 'session',
  'badge-verify': 'public',
  'certificate-verify': 'public',
  certificates: 'session',
  class: 'session',
  'content-managers': 'session',
  'deep-linking': 'session',
  'deep-linking-return': 'plain',
  demo: 'session',
  'demo-return': 'plain',
  error: 'plain',
  framework: 'session',
  'framework-choice': 'session',
  grades: 'session',
  'hand-ins': 'session',
  home: 'session',
  'learner-plan': 'session',
  'learner-record': 'session',
  learners: 'session',
  matrix: 'session',
  module: 'session',
  'module-library': 'session',
  'module-page': 'session',
  'module-quiz': 'session',
  'module-quiz-draw': 'session',
  notifications: 'session',
  organisation: 'session',
  'report-snapshots': 'session',
  'report-snapshot': 'session',
  'report-compare': 'session',
  'need-analysis': 'session',
  'organisation-stage': 'session',
  'target-import': 'session',
  'official-import': 'session',
  'organisation-gains': 'session',
  'follow-ups': 'session',
  'follow-up': 'session',
  'organisation-follow-ups': 'session',
  plan: 'session',
  'question-bank': 'session',
  progress: 'session',
  'record-history': 'session',
  'record-new': 'session',
  registration: 'plain',
  'registration-done': 'plain',
  'rule-edit': 'session',
  rules: 'session',
  'self-assessment': 'session',
  'self-assessment-result': 'session',
} as const satisfies Record<PageName, 'session' | 'plain' | 'public'>;
