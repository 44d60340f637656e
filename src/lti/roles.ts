// The role vocabulary has one home, shared with the roster and the SQL over enrolments: src/shared/lis-roles.ts.
export {
  isAdministrator,
  isInstructor,
  isLearner,
  STAFF_ROLES,
  toolRole,
  type ToolRole,
} from '../shared/lis-roles';
