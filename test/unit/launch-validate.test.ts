import { JwksCache } from '../../src/lti/jwks-cache';
import type { LaunchPlatforms, RegisteredPlatform } from '../../src/lti/ports';
import { validateIdToken, type LaunchRefusal, type ValidateDeps } from '../../src/lti/validate';
import { LTI, SimulatedLms, user, type LaunchOptions, type Signing } from '../support/simulated-lms';

// validate.ts on its own: tokens signed by the simulated LMS with its real keys, its key set fetched over HTTP,
// a registry in memory. Each refusal is the first check that fails, with the code launch-errors.ts maps to a page.

let lms: SimulatedLms;
let deps: ValidateDeps;
let platform: RegisteredPlatform;
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

beforeAll(async () => {
  lms = await SimulatedLms.start();
  lms.publishWeakKey = true;
  platform = {
    issuer: lms.issuer,
    clientId: lms.clientId,
    kid: 'tool-key',
    authEndpoint: lms.authUrl,
    tokenEndpoint: lms.tokenUrl,
    keys: { method: 'JWK_SET', url: lms.jwksUrl },
    active: true,
  };
  const platforms: LaunchPlatforms = {
    find: async (issuer, clientId) =>
      issuer === platform.issuer && (clientId === undefined || clientId === platform.clientId)
        ? platform
        : undefined,
    isDeploymentRegistered: async (_iss, _client, deploymentId) => deploymentId === lms.deploymentId,
    status: async () => 'active',
  };
  deps = {
    platforms,
    jwks: new JwksCache({ fetch: (url, init) => fetch(url, init) }),
    clockSkewSeconds: 10,
    requireHttps: false,
  };
});
afterAll(async () => {
  await lms.stop();
});

const NONCE = 'nonce-of-the-login';
function token(options: LaunchOptions = {}, signing: Signing = { kind: 'lms' }): string {
  const claims = lms.idTokenClaims({ user: user(), ...options }, NONCE, 'https://tool.example/lti/launch');
  for (const [name, value] of Object.entries(options.claims ?? {}))
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  return lms.signIdToken(claims, signing);
}
const claim = (name: string, value: unknown): LaunchOptions => ({ claims: { [`${LTI}${name}`]: value } });

describe('validateIdToken', () => {
  it('when the LMS signed a resource-link launch, then it is accepted with the launch in our words and its nonce', async () => {
    const learner = user({ name: 'Malee Srisuk', locale: 'th' });
    const result = await validateIdToken(deps, token({ user: learner }), lms.issuer);
    expect(result).toMatchObject({
      ok: true,
      nonce: NONCE,
      ignoredServiceUrls: [],
      launch: {
        issuer: lms.issuer,
        clientId: lms.clientId,
        deploymentId: lms.deploymentId,
        platformUserId: learner.sub,
        name: 'Malee Srisuk',
        role: 'learner',
        messageType: 'LtiResourceLinkRequest',
      },
    });
  });

  it.each<{
    when: string;
    options?: LaunchOptions;
    signing?: Signing;
    loginIssuer?: string | null;
    reason: LaunchRefusal;
  }>([
    {
      when: 'the token names a kid the LMS never published',
      signing: { kind: 'unknown-kid' },
      reason: 'KEY_NOT_FOUND',
    },
    {
      when: "another key signed under the LMS's kid",
      signing: { kind: 'foreign-key' },
      reason: 'INVALID_SIGNATURE',
    },
    { when: 'the JWT header has no kid', signing: { kind: 'no-kid' }, reason: 'KID_NOT_FOUND' },
    { when: 'the token is unsigned (alg none)', signing: { kind: 'alg-none' }, reason: 'ALG_NOT_RS256' },
    {
      when: "it is HMAC-signed with the LMS's public key",
      signing: { kind: 'hs256-with-public-key' },
      reason: 'ALG_NOT_RS256',
    },
    {
      when: 'a published 1024-bit key signed it',
      signing: { kind: 'weak-key' },
      reason: 'INVALID_SIGNATURE',
    },
    { when: 'the browser brought no state cookie', loginIssuer: null, reason: 'MISSING_VALIDATION_COOKIE' },
    {
      when: 'the login was for another issuer',
      loginIssuer: 'https://other-lms.example',
      reason: 'ISS_CLAIM_DOES_NOT_MATCH',
    },
    {
      when: 'the aud is another client',
      options: { claims: { aud: 'someone-else' } },
      reason: 'UNREGISTERED_PLATFORM',
    },
    {
      when: 'the deployment is not registered',
      options: claim('deployment_id', 'nobody-registered-this'),
      reason: 'UNKNOWN_DEPLOYMENT',
    },
    {
      when: 'the deployment id is missing',
      options: claim('deployment_id', undefined),
      reason: 'NO_DEPLOYMENT_ID_CLAIM',
    },
    { when: 'exp is missing', options: { claims: { exp: undefined } }, reason: 'NO_EXP_CLAIM' },
    { when: 'exp is 30 s past (beyond the skew)', options: { expOffset: -90 }, reason: 'TOKEN_EXPIRED' },
    { when: 'iat is 60 s ahead', options: { iatOffset: 60 }, reason: 'TOKEN_ISSUED_IN_THE_FUTURE' },
    { when: 'iat is 120 s old', options: { iatOffset: -120 }, reason: 'TOKEN_TOO_OLD' },
    { when: 'the nonce is missing', options: { claims: { nonce: undefined } }, reason: 'NO_NONCE_CLAIM' },
    {
      when: 'the message type is unknown',
      options: claim('message_type', 'LtiOther'),
      reason: 'NO_MESSAGE_TYPE_CLAIM',
    },
    { when: 'the version is 1.1.0', options: claim('version', '1.1.0'), reason: 'WRONG_LTI_VERSION_CLAIM' },
    {
      when: 'the resource link has no id',
      options: claim('resource_link', { title: 'x' }),
      reason: 'NO_RESOURCE_LINK_ID_CLAIM',
    },
    { when: 'the roles are missing', options: claim('roles', undefined), reason: 'NO_ROLES_CLAIM' },
    { when: 'sub is an object', options: { claims: { sub: { id: 1 } } }, reason: 'INVALID_LAUNCH_CLAIMS' },
    {
      when: 'a claim holds a NUL',
      options: claim('custom', { module: 'a\u0000b' }),
      reason: 'INVALID_LAUNCH_CLAIMS',
    },
  ])('when $when, then it is refused with $reason', async ({ options, signing, loginIssuer, reason }) => {
    const issuer = loginIssuer === undefined ? lms.issuer : (loginIssuer ?? undefined);
    expect(await validateIdToken(deps, token(options, signing), issuer)).toEqual({ ok: false, reason });
  });

  it('when aud lists the tool and another client without azp, then NO_AZP_CLAIM; with azp naming the other, AZP_DOES_NOT_MATCH_CLIENTID', async () => {
    const aud = [lms.clientId, 'another-client'];
    expect(await validateIdToken(deps, token({ claims: { aud } }), lms.issuer)).toEqual({
      ok: false,
      reason: 'NO_AZP_CLAIM',
    });
    expect(
      await validateIdToken(deps, token({ claims: { aud, azp: 'another-client' } }), lms.issuer),
    ).toEqual({ ok: false, reason: 'AZP_DOES_NOT_MATCH_CLIENTID' });
    expect(
      await validateIdToken(deps, token({ claims: { aud, azp: lms.clientId } }), lms.issuer),
    ).toMatchObject({
      ok: true,
    });
  });

  it('when the posted id_token is not a JWT, then INVALID_JWT_RECEIVED', async () => {
    expect(await validateIdToken(deps, 'not-a-jwt', lms.issuer)).toEqual({
      ok: false,
      reason: 'INVALID_JWT_RECEIVED',
    });
  });

  it('when the platform is suspended, then PLATFORM_NOT_ACTIVATED', async () => {
    platform.active = false;
    try {
      expect(await validateIdToken(deps, token(), lms.issuer)).toEqual({
        ok: false,
        reason: 'PLATFORM_NOT_ACTIVATED',
      });
    } finally {
      platform.active = true;
    }
  });

  it('when a deep-linking request names a return URL on another host, then DEEP_LINK_RETURN_URL_REFUSED', async () => {
    const claims = lms.deepLinkingClaims();
    const settings = claims[`${DL}deep_linking_settings`] as Record<string, unknown>;
    claims[`${DL}deep_linking_settings`] = {
      ...settings,
      deep_link_return_url: 'https://evil.example/return',
    };
    expect(await validateIdToken(deps, token({ claims }), lms.issuer)).toEqual({
      ok: false,
      reason: 'DEEP_LINK_RETURN_URL_REFUSED',
    });
  });

  it('when the grade service URL is on another host, then the launch is accepted without it and names the claim', async () => {
    const result = await validateIdToken(
      deps,
      token({
        claims: {
          'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
            scope: [],
            lineitem: 'https://evil.example/lineitem',
          },
        },
      }),
      lms.issuer,
    );
    expect(result).toMatchObject({
      ok: true,
      ignoredServiceUrls: ['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint#lineitem'],
      launch: { ags: { lineitem: undefined } },
    });
  });

  it('when the registry cannot be read, then TEMPORARILY_UNAVAILABLE with the cause (not the LMS’s fault)', async () => {
    const down = new Error('connection refused');
    const result = await validateIdToken(
      { ...deps, platforms: { ...deps.platforms, find: () => Promise.reject(down) } },
      token(),
      lms.issuer,
    );
    expect(result).toEqual({ ok: false, reason: 'TEMPORARILY_UNAVAILABLE', cause: down });
  });

  it('when the clock is injected, then exp is judged by it', async () => {
    const later = Date.now() + 5 * 60_000;
    expect(await validateIdToken({ ...deps, now: () => later }, token(), lms.issuer)).toEqual({
      ok: false,
      reason: 'TOKEN_EXPIRED',
    });
  });
});
