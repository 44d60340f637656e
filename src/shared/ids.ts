/**
 * Branded ids: the database's row ids as distinct types, so that a person's id cannot be passed where a tenant's
 * is meant (every repository method takes several, and they are all numbers). At run time they are plain numbers.
 *
 * An id gets its brand once, where it comes in: from a database row (the repositories' decoders), or from a
 * request (the schemas in id-schemas.ts, used by the routes). Everything after passes the branded value along.
 * This file is pure (the domain may import it); the zod schemas live in id-schemas.ts.
 */
declare const idBrand: unique symbol;
type Id<Name extends string> = number & { readonly [idBrand]: Name };

/** An organisation: one LMS (issuer) and its registrations (tenants.id). */
export type TenantId = Id<'TenantId'>;
/** A person of an organisation (people.id). */
export type PersonId = Id<'PersonId'>;
/** A course of the LMS as the tool records it (contexts.id; not the LMS's own context id, a string). */
export type ContextId = Id<'ContextId'>;
/** A placement of the tool in a course (resource_links.id; not the LMS's resource link id, a string). */
export type ResourceLinkId = Id<'ResourceLinkId'>;
/** A module of an organisation's catalogue (modules.id), whatever its version. */
export type ModuleId = Id<'ModuleId'>;
/** One version of a module (module_versions.id). */
export type ModuleVersionId = Id<'ModuleVersionId'>;
/** A row of a learning record (learning_entries.id): an entry, a correction or a reversal. */
export type EntryId = Id<'EntryId'>;
/** One version of a skills framework (frameworks.id). */
export type FrameworkId = Id<'FrameworkId'>;
/** A committee's snapshot of the organisation report (report_snapshots.id). */
export type SnapshotId = Id<'SnapshotId'>;

/** Whether `n` can be a row id: a positive safe integer (ids are identity columns, far below 2^53). */
export function isRowId(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

function brand<T extends number>(what: string) {
  return (n: number): T => {
    if (!isRowId(n)) throw new RangeError(`not a ${what}: ${String(n)}`);
    return n as T;
  };
}

// Constructors: each checks that the number can be an id and gives it its brand; they throw on anything else.
export const tenantId = brand<TenantId>('tenant id');
export const personId = brand<PersonId>('person id');
export const contextId = brand<ContextId>('course id');
export const resourceLinkId = brand<ResourceLinkId>('resource link id');
export const moduleId = brand<ModuleId>('module id');
export const moduleVersionId = brand<ModuleVersionId>('module version id');
export const entryId = brand<EntryId>('entry id');
export const frameworkId = brand<FrameworkId>('framework id');
export const snapshotId = brand<SnapshotId>('snapshot id');
