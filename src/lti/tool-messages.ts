import crypto, { type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CLAIM } from './claims';
import type { LaunchContext } from './launch-context';

/** Deep Linking 2.0 claim names (§4.5). */
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/**
 * The tool's signed answer to a deep-linking request (Deep Linking 2.0 §4.5, LtiDeepLinkingResponse): RS256 with
 * the tool's key for that platform (its kid in the header), issued by our client id to the platform, living 60 s.
 * Items of a type the platform does not accept are left out, and only the first is sent when it accepts one.
 */
export async function deepLinkingResponse(
  launch: LaunchContext,
  signing: { kid: string; key: KeyObject },
  items: readonly object[],
  message?: string,
): Promise<string> {
  const settings = launch.deepLinking;
  if (!settings) throw new Error('not a deep-linking session');
  const accepted = items.filter(
    (item) => 'type' in item && typeof item.type === 'string' && settings.acceptTypes.includes(item.type),
  );
  const claims: Record<string, unknown> = {
    nonce: crypto.randomBytes(18).toString('base64url'),
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [`${DL}content_items`]: settings.acceptMultiple ? accepted : accepted.slice(0, 1),
  };
  if (message) claims[`${DL}msg`] = message;
  if (settings.data) claims[`${DL}data`] = settings.data;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signing.kid })
    .setIssuer(launch.clientId)
    .setAudience(launch.issuer)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(signing.key);
}

/**
 * The client assertion of a service token request (LTI Security Framework §4.1, RFC 7523): RS256 with the tool's
 * key for that platform, issued by and about our client id, for the platform's authorization server, living 60 s,
 * with a unique jti.
 */
export function clientAssertion(
  signing: { kid: string; key: KeyObject },
  clientId: string,
  audience: string,
): Promise<string> {
  return new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signing.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(signing.key);
}
