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

const text = z.string().trim().min(1).max(1000).optional().catch(undefined);
const opaqueId = z.string().min(1).max(255);

/*
 * The id_token's claims: a claim of the wrong JSON type refuses the launch (the LMS sent an invalid launch),
 * while a string that is blank or too long only counts as absent, and null as absent. ltijs stores these claims
 * as they are, so nothing of the wrong type gets past here.
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
  clientId: z.string().min(1),
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

/** From a verified id_token (the launch POST). */
export function launchFromIdToken(token: Record<string, unknown>): LaunchContext {
  const parsed = idTokenSchema.safeParse(token);
  if (!parsed.success)
    throw new InvalidLaunchContext(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  const t = parsed.data;
  const roles = t[CLAIM.roles];
  const ags = t[CLAIM.agsEndpoint];
  return {
    issuer: t.iss,
    clientId: t.clientId,
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
  };
}

const ltijsTokenSchema = z.object({
  iss: z.string(),
  user: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  userInfo: z
    .object({ given_name: text, family_name: text, name: text, email: text })
    .partial()
    .optional()
    .catch(undefined),
  platformInfo: z.object({ name: text }).optional().catch(undefined),
  platformContext: z.object({
    roles: z.array(z.string()).default([]),
    messageType: z.string().optional(),
    context: z.object({ id: opaqueId, title: text, label: text }).optional().catch(undefined),
    resource: z.object({ id: opaqueId, title: text }).optional().catch(undefined),
    custom: z.record(z.string(), z.unknown()).optional().catch(undefined),
    launchPresentation: z.object({ locale: text, return_url: text }).optional().catch(undefined),
    endpoint: z
      .object({ lineitem: text, lineitems: text, scope: z.array(z.string()).optional().catch(undefined) })
      .optional()
      .catch(undefined),
    namesRoles: z.object({ context_memberships_url: text }).optional().catch(undefined),
    deepLinkingSettings: z
      .object({
        deep_link_return_url: z.string().url(),
        accept_types: z.array(z.string()).default([]),
        // Moodle sends the string 'true' (mod/lti auth.php).
        accept_multiple: z.union([z.boolean(), z.string()]).optional(),
        data: z.string().optional(),
      })
      .optional()
      .catch(undefined),
  }),
});

/** From ltijs' res.locals.token on a request that carries an ltik (every page after the launch). */
export function launchFromSession(token: unknown): LaunchContext {
  const parsed = ltijsTokenSchema.safeParse(token);
  if (!parsed.success)
    throw new InvalidLaunchContext(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  const t = parsed.data;
  const c = t.platformContext;
  const info = t.userInfo ?? {};
  return {
    issuer: t.iss,
    clientId: t.clientId,
    deploymentId: t.deploymentId,
    platformUserId: t.user,
    name: info.name ?? ([info.given_name, info.family_name].filter(Boolean).join(' ') || undefined),
    givenName: info.given_name,
    familyName: info.family_name,
    email: info.email,
    locale: c.launchPresentation?.locale,
    roles: c.roles,
    role: toolRole(c.roles),
    messageType: c.messageType ?? 'LtiResourceLinkRequest',
    platformName: t.platformInfo?.name,
    context: c.context,
    resourceLink: c.resource,
    custom: stringValues(c.custom),
    ags: c.endpoint
      ? { lineitem: c.endpoint.lineitem, lineitems: c.endpoint.lineitems, scopes: c.endpoint.scope ?? [] }
      : undefined,
    nrpsMembershipsUrl: c.namesRoles?.context_memberships_url,
    returnUrl: c.launchPresentation?.return_url,
    deepLinking: c.deepLinkingSettings
      ? {
          returnUrl: c.deepLinkingSettings.deep_link_return_url,
          acceptTypes: c.deepLinkingSettings.accept_types,
          acceptMultiple:
            c.deepLinkingSettings.accept_multiple === true ||
            c.deepLinkingSettings.accept_multiple === 'true',
          data: c.deepLinkingSettings.data,
        }
      : undefined,
  };
}
