/**
 * The ports: what the use cases need from storage and from the LMS, one file per concept under ports/. This
 * index re-exports them all, so `import … from '../use-cases/ports'` keeps working; new code may import the
 * concept's file directly.
 */
export * from './ports/launch';
export * from './ports/framework';
export * from './ports/catalogue';
export * from './ports/module-library';
export * from './ports/learner';
export * from './ports/module-player';
export * from './ports/eligibility';
export * from './ports/learning-record';
export * from './ports/evidence';
export * from './ports/grades';
export * from './ports/development';
export * from './ports/report';
export * from './ports/plan';
export * from './ports/rules';
export * from './ports/content-managers';
export * from './ports/roster';
export * from './ports/organisation-stage';
export * from './ports/target-groups';
export * from './ports/need-analysis';
export * from './ports/audit';
export * from './ports/notifications';
export * from './ports/platform-registry';
export * from './ports/certificates';
export * from './ports/question-bank';
export * from './ports/official-results';
