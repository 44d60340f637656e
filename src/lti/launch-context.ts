import { z } from 'zod';
import { CLAIM } from './claims';
import { toolRole, type ToolRole } from './roles';

/** A validated launch in our own words: application code never reads raw claims. */
export interface LaunchContext {
  issuer: string;
  clientId: string;
  deploymentId: string;
  platformUserId: string;
  /** Moodle withholds name and email when its privacy settings say so. */
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  locale?: string;
  roles: string[];
  role: ToolRole;
  messageType: string;
  platformName?: string;
  context?: { id: string; title?: string; label?: string };
  resourceLink?: { id: string; title?: string };
  custom: Record<string, string>;
  ags?: { lineitem?: string; lineitems?: string; scopes: string[] };
  nrpsMembershipsUrl?: string;
  returnUrl?: string;
  /** Deep Linking 2.0 §4.4.1: what the platform accepts back. */
  deepLinking?: { returnUrl: string; acceptTypes: string[]; acceptMultiple: boolean; data?: string };
}

const opaqueId = z.string().min(1).max(255);

/*
 * The id_token's claims: a claim of the wrong JSON type refuses the launch (the LMS sent an invalid launch),
 * while a string that is blank or too long only counts as absent, and null as absent. The session keeps what comes
 * out of here, so nothing of the wrong type gets past.
 */
const absentIfNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const claimText = absentIfNull(z.string()).transform((v) => {
  const s = v?.trim();
  return s && s.length <= 1000 ? s : undefined;
});
const claimObject = <S extends z.ZodRawShape>(shape: S) => absentIfNull(z.object(shape));

const idTokenSchema = z.object({
  iss: z.string().min(1),
  sub: opaqueId,
  name: claimText,
  given_name: claimText,
  family_name: claimText,
  email: claimText,
  [CLAIM.deploymentId]: opaqueId,
  [CLAIM.messageType]: z.string(),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.context]: claimObject({ id: opaqueId, title: claimText, label: claimText }),
  [CLAIM.resourceLink]: claimObject({ id: opaqueId, title: claimText }),
  [CLAIM.toolPlatform]: claimObject({ name: claimText }),
  [CLAIM.launchPresentation]: claimObject({ locale: claimText, return_url: claimText }),
  [CLAIM.custom]: absentIfNull(z.record(z.string(), z.unknown())),
  [CLAIM.agsEndpoint]: claimObject({
    lineitem: claimText,
    lineitems: claimText,
    scope: absentIfNull(z.array(z.string())),
  }),
  [CLAIM.nrpsService]: claimObject({ context_memberships_url: claimText }),
  [CLAIM.deepLinkingSettings]: claimObject({
    deep_link_return_url: z.string(),
    accept_types: absentIfNull(z.array(z.string())),
    accept_multiple: absentIfNull(z.union([z.boolean(), z.string()])),
    data: absentIfNull(z.string()),
  }),
});

export class InvalidLaunchContext extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLaunchContext';
  }
}

function stringValues(custom: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom ?? {}))
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}

/** From a verified id_token (the launch POST), sent to `clientId` (its aud, or the one of its auds that is us). */
export function launchFromIdToken(token: Record<string, unknown>, clientId: string): LaunchContext {
  const parsed = idTokenSchema.safeParse(token);
  if (!parsed.success)
    throw new InvalidLaunchContext(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  const t = parsed.data;
  const roles = t[CLAIM.roles];
  const ags = t[CLAIM.agsEndpoint];
  const dl = t[CLAIM.deepLinkingSettings];
  return {
    issuer: t.iss,
    clientId,
    deploymentId: t[CLAIM.deploymentId],
    platformUserId: t.sub,
    name: t.name ?? ([t.given_name, t.family_name].filter(Boolean).join(' ') || undefined),
    givenName: t.given_name,
    familyName: t.family_name,
    email: t.email,
    locale: t[CLAIM.launchPresentation]?.locale,
    roles,
    role: toolRole(roles),
    messageType: t[CLAIM.messageType],
    platformName: t[CLAIM.toolPlatform]?.name,
    context: t[CLAIM.context],
    resourceLink: t[CLAIM.resourceLink],
    custom: stringValues(t[CLAIM.custom]),
    ags: ags ? { lineitem: ags.lineitem, lineitems: ags.lineitems, scopes: ags.scope ?? [] } : undefined,
    nrpsMembershipsUrl: t[CLAIM.nrpsService]?.context_memberships_url,
    returnUrl: t[CLAIM.launchPresentation]?.return_url,
    deepLinking: dl
      ? {
          returnUrl: dl.deep_link_return_url,
          acceptTypes: dl.accept_types ?? [],
          // Moodle sends the string 'true' (mod/lti auth.php).
          acceptMultiple: dl.accept_multiple === true || dl.accept_multiple === 'true',
          data: dl.data,
        }
      : undefined,
  };
}

const storedText = z.string().optional();

/** A session's launch as the launch stored it (JSON of a LaunchContext; the role is derived again from the roles). */
const storedLaunchSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  platformUserId: z.string(),
  name: storedText,
  givenName: storedText,
  familyName: storedText,
  email: storedText,
  locale: storedText,
  roles: z.array(z.string()),
  messageType: z.string(),
  platformName: storedText,
  context: z.object({ id: z.string(), title: storedText, label: storedText }).optional(),
  resourceLink: z.object({ id: z.string(), title: storedText }).optional(),
  custom: z.record(z.string(), z.string()),
  ags: z.object({ lineitem: storedText, lineitems: storedText, scopes: z.array(z.string()) }).optional(),
  nrpsMembershipsUrl: storedText,
  returnUrl: storedText,
  deepLinking: z
    .object({
      returnUrl: z.string(),
      acceptTypes: z.array(z.string()),
      acceptMultiple: z.boolean(),
      data: storedText,
    })
    .optional(),
});

/** What a session keeps of its launch (everything but the role, which follows from the roles). */
export function storedLaunch(launch: LaunchContext): Omit<LaunchContext, 'role'> {
  const { role: _role, ...stored } = launch;
  return stored;
}

/** A session's launch read back (every request after the launch); throws InvalidLaunchContext if it does not fit. */
export function launchFromStored(stored: unknown): LaunchContext {
  const parsed = storedLaunchSchema.safeParse(stored);
  if (!parsed.success)
    throw new InvalidLaunchContext(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  return { ...parsed.data, role: toolRole(parsed.data.roles) };
}
