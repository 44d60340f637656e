import { z } from 'zod';
import type { OutboundFetch, OutboundInit } from '../shared/outbound-http';
import { LTI_ROUTES } from './lti-app';

/**
 * LTI Dynamic Registration 1.0, tool side (https://www.imsglobal.org/spec/lti-dr/v1p0): read the platform's
 * OpenID configuration (§3.4), check it, post our client registration (§3.5) and read back the client id and
 * deployment id the platform assigned (§3.6).
 */

const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

export const REQUESTED_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];
/** Name and email are asked for, not required: Moodle sets its privacy options from this list. */
export const REQUESTED_CLAIMS = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email', 'locale'];

const platformConfigurationSchema = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  registration_endpoint: z.string().url(),
  scopes_supported: z.array(z.string()).optional(),
  claims_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z
    .object({
      product_family_code: z.string().optional(),
      version: z.string().optional(),
      messages_supported: z.array(z.object({ type: z.string() }).passthrough()).optional(),
    })
    .passthrough()
    .optional(),
});

export type PlatformConfiguration = z.infer<typeof platformConfigurationSchema>;

const registrationResponseSchema = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIGURATION]: z
    .object({ deployment_id: z.string().min(1).optional() })
    .passthrough()
    .optional(),
});

export class RegistrationError extends Error {
  constructor(
    readonly code:
      | 'CONFIGURATION_UNREACHABLE'
      | 'CONFIGURATION_INVALID'
      | 'ISSUER_MISMATCH'
      | 'ENDPOINT_ELSEWHERE'
      | 'INSECURE_URL'
      | 'REGISTRATION_REFUSED'
      | 'REGISTRATION_INVALID',
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'RegistrationError';
  }
}

export interface RegistrationOptions {
  baseUrl: string;
  /** Outside production http URLs are allowed (local LMS, tests). */
  requireHttps: boolean;
  /** The outbound client: the platform's URLs are outside data (addresses checked, no redirects, limits). */
  fetch: OutboundFetch;
  toolName: string;
  description: string;
  timeoutMs?: number;
}

async function fetchJson(
  fetchOutbound: OutboundFetch,
  url: string,
  init: OutboundInit,
  timeoutMs: number,
  failure: RegistrationError['code'],
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchOutbound(url, { ...init, timeoutMs });
  } catch (err) {
    throw new RegistrationError(failure, `${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new RegistrationError(failure, `${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RegistrationError(
      failure === 'CONFIGURATION_UNREACHABLE' ? 'CONFIGURATION_INVALID' : 'REGISTRATION_INVALID',
      `${url}: not JSON`,
    );
  }
}

/** In production every platform URL is https, a local one included (the outbound client refuses http too). */
function checkUrl(url: string, requireHttps: boolean): void {
  const u = new URL(url);
  if (requireHttps && u.protocol !== 'https:') throw new RegistrationError('INSECURE_URL', url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RegistrationError('INSECURE_URL', url);
}

/** §3.4: fetch the configuration the platform points us to, and check it is the platform's own. */
export async function readPlatformConfiguration(
  openidConfigurationUrl: string,
  options: RegistrationOptions,
): Promise<PlatformConfiguration> {
  try {
    checkUrl(openidConfigurationUrl, options.requireHttps);
  } catch (err) {
    if (err instanceof RegistrationError) throw err;
    throw new RegistrationError('CONFIGURATION_INVALID', 'openid_configuration is not a URL');
  }
  const body = await fetchJson(
    options.fetch,
    openidConfigurationUrl,
    { headers: { accept: 'application/json' } },
    options.timeoutMs ?? 5000,
    'CONFIGURATION_UNREACHABLE',
  );
  const parsed = platformConfigurationSchema.safeParse(body);
  if (!parsed.success) {
    throw new RegistrationError(
      'CONFIGURATION_INVALID',
      parsed.error.issues.map((i) => i.path.join('.')).join(', '),
    );
  }
  const config = parsed.data;
  // §3.5.1: the issuer must be the prefix of the configuration URL, so one platform cannot pose as another.
  if (!issuerServes(config.issuer, openidConfigurationUrl)) {
    throw new RegistrationError(
      'ISSUER_MISMATCH',
      `${config.issuer} does not serve ${openidConfigurationUrl}`,
    );
  }
  // Moodle serves every endpoint from its wwwroot, the issuer's origin. One elsewhere (another host or port)
  // would have the tool post its registration, fetch keys or ask for tokens at an address the platform does not
  // own, e.g. an internal service: refused before anything is sent to any of them.
  const issuerOrigin = new URL(config.issuer).origin;
  for (const url of [
    config.authorization_endpoint,
    config.token_endpoint,
    config.jwks_uri,
    config.registration_endpoint,
  ]) {
    checkUrl(url, options.requireHttps);
    if (new URL(url).origin !== issuerOrigin)
      throw new RegistrationError('ENDPOINT_ELSEWHERE', `${url} is not on ${issuerOrigin}`);
  }
  return config;
}

/** The client registration we send (§3.5.2): one launch URL for resource links and deep linking. */
export function toolRegistration(options: RegistrationOptions): Record<string, unknown> {
  const launch = `${options.baseUrl}${LTI_ROUTES.launch}`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${options.baseUrl}${LTI_ROUTES.login}`,
    redirect_uris: [launch],
    client_name: options.toolName,
    jwks_uri: `${options.baseUrl}${LTI_ROUTES.keys}`,
    logo_uri: `${options.baseUrl}/static/logo.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: REQUESTED_SCOPES.join(' '),
    [TOOL_CONFIGURATION]: {
      domain: new URL(options.baseUrl).host,
      description: options.description,
      target_link_uri: launch,
      custom_parameters: {},
      claims: REQUESTED_CLAIMS,
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: launch, label: options.toolName },
        {
          type: 'LtiDeepLinkingRequest',
          target_link_uri: launch,
          label: options.toolName,
          placements: ['ContentArea'],
        },
      ],
    },
  };
}

export interface RegistrationResult {
  clientId: string;
  deploymentId?: string;
}

/** §3.5–3.6: post the registration with the platform's one-time token and read what it assigned. */
export async function registerWithPlatform(
  config: PlatformConfiguration,
  registrationToken: string | undefined,
  options: RegistrationOptions,
): Promise<RegistrationResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (registrationToken) headers.authorization = `Bearer ${registrationToken}`;
  const body = await fetchJson(
    options.fetch,
    config.registration_endpoint,
    { method: 'POST', headers, body: JSON.stringify(toolRegistration(options)) },
    options.timeoutMs ?? 10_000,
    'REGISTRATION_REFUSED',
  );
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new RegistrationError('REGISTRATION_INVALID', 'the platform did not return a client_id');
  return { clientId: parsed.data.client_id, deploymentId: parsed.data[TOOL_CONFIGURATION]?.deployment_id };
}

/**
 * Whether the configuration URL is under the issuer: the same origin, and the issuer's path a whole-segment prefix
 * of the URL's. A plain string prefix would let https://moodle.example.go.th.evil.test/… (or port 4431 for 443)
 * speak for https://moodle.example.go.th, and with it join that platform's organisation.
 */
export function issuerServes(issuer: string, configurationUrl: string): boolean {
  let i: URL;
  let c: URL;
  try {
    i = new URL(issuer);
    c = new URL(configurationUrl);
  } catch {
    return false;
  }
  if (i.origin !== c.origin || i.search || i.hash) return false;
  const base = i.pathname.replace(/\/+$/, '');
  return base === '' || c.pathname === base || c.pathname.startsWith(`${base}/`);
}
