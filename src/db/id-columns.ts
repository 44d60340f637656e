import { idColumn } from './decode';
import {
  contextId,
  entryId,
  frameworkId,
  moduleId,
  moduleVersionId,
  personId,
  resourceLinkId,
  snapshotId,
  tenantId,
} from '../shared/ids';

// Decoders of the id columns: a row's ids get their brand here, once, as they come out of the database.
export const tenantIdColumn = idColumn(tenantId);
export const personIdColumn = idColumn(personId);
export const contextIdColumn = idColumn(contextId);
export const resourceLinkIdColumn = idColumn(resourceLinkId);
export const moduleIdColumn = idColumn(moduleId);
export const moduleVersionIdColumn = idColumn(moduleVersionId);
export const entryIdColumn = idColumn(entryId);
export const frameworkIdColumn = idColumn(frameworkId);
export const snapshotIdColumn = idColumn(snapshotId);
