import crypto from 'node:crypto';
import { z } from 'zod';
import type { LaunchPlatforms, LoginStateStore } from './ports';

/**
 * Step 1 of the launch: OIDC login initiation (LTI Core 1.3 §5.1.1; OIDC Core §3.1.2.1). The platform names itself
 * and the link; the tool answers with a redirect to the platform's authentication endpoint carrying a fresh state
 * and nonce, remembered together (lti_login_states) so that the id_token that comes back can be held to both.
 */
export const loginParamsSchema = z.object({
  iss: z.string().min(1),
  login_hint: z.string().min(1),
  target_link_uri: z.string().min(1),
  client_id: z.string().min(1).optional(),
  lti_deployment_id: z.string().min(1).optional(),
  lti_message_hint: z.string().optional(),
});
export type LoginParams = z.infer<typeof loginParamsSchema>;

export type LoginRefusal =
  /** The issuer is registered, this client ID is not (in Moodle, another tool type of the same site). */
  'UNREGISTERED_CLIENT' | 'UNREGISTERED_PLATFORM' | 'PLATFORM_NOT_ACTIVATED' | 'UNKNOWN_DEPLOYMENT';

export type LoginStarted =
  | {
      ok: true;
      /** The platform's authentication endpoint with the authentication request (OIDC Core §3.1.2.1). */
      redirectTo: string;
      state: string;
      issuer: string;
    }
  | { ok: false; reason: LoginRefusal };

export interface LoginDeps {
  platforms: Pick<LaunchPlatforms, 'find' | 'isDeploymentRegistered'>;
  loginStates: LoginStateStore;
}

/**
 * `launchUrl` is the tool's own launch URL that target_link_uri was checked against (its query string, kept with
 * the login, comes back with the launch). A registry or database failure rejects.
 */
export async function startLogin(deps: LoginDeps, p: LoginParams): Promise<LoginStarted> {
  const platform = await deps.platforms.find(p.iss, p.client_id);
  if (!platform) {
    // A known issuer with another client ID: in Moodle, another tool type (a course-level tool, say), each with a
    // client ID of its own. Only on this refusal: a launch costs no extra query.
    const known = p.client_id ? await deps.platforms.find(p.iss) : undefined;
    return { ok: false, reason: known ? 'UNREGISTERED_CLIENT' : 'UNREGISTERED_PLATFORM' };
  }
  if (!platform.active) return { ok: false, reason: 'PLATFORM_NOT_ACTIVATED' };
  if (
    p.client_id &&
    p.lti_deployment_id &&
    !(await deps.platforms.isDeploymentRegistered(p.iss, p.client_id, p.lti_deployment_id))
  )
    return { ok: false, reason: 'UNKNOWN_DEPLOYMENT' };

  // Everything after the first '?' (a query value may itself hold a '?'): Moodle custom URLs such as ?section=3.
  const cut = p.target_link_uri.indexOf('?');
  const redirectUri = cut < 0 ? p.target_link_uri : p.target_link_uri.slice(0, cut);
  const query = cut < 0 ? '' : p.target_link_uri.slice(cut + 1);
  const targetQuery = query ? Object.fromEntries(new URLSearchParams(query)) : undefined;

  const state = crypto.randomBytes(25).toString('hex');
  const nonce = crypto.randomBytes(18).toString('base64url');
  await deps.loginStates.remember(state, nonce, p.iss, targetQuery);

  const auth = new URL(platform.authEndpoint);
  const request: Record<string, string> = {
    response_type: 'id_token',
    response_mode: 'form_post',
    id_token_signed_response_alg: 'RS256',
    scope: 'openid',
    client_id: p.client_id ?? platform.clientId,
    // Moodle matches redirect_uri exactly against the tool's Redirection URI(s): the launch URL without a query.
    redirect_uri: redirectUri,
    login_hint: p.login_hint,
    nonce,
    prompt: 'none',
    state,
  };
  if (p.lti_message_hint) request.lti_message_hint = p.lti_message_hint;
  if (p.lti_deployment_id) request.lti_deployment_id = p.lti_deployment_id;
  for (const [key, value] of Object.entries(request)) auth.searchParams.append(key, value);
  return { ok: true, redirectTo: auth.toString(), state, issuer: p.iss };
}
