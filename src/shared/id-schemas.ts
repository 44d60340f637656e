import { z } from 'zod';
import { entryId, personId, snapshotId } from './ids';

// The ids a request may carry (a form's hidden field, a path segment), parsed once at the edge into their brand.
// A bad value is a schema failure the route answers with its own error page, never a thrown RangeError.

const rowId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const personIdSchema = rowId.transform(personId);
export const entryIdSchema = rowId.transform(entryId);
export const snapshotIdSchema = rowId.transform(snapshotId);
