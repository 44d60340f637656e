import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  AccessTokens,
  checkAuthorizationRequest,
  checkClientAssertion,
  generateSigningKey,
  Gradebook,
  publishedJwk,
  signRs256,
  signRs256InBackground,
} from '../../src/demo/platform-kit';

// The platform's half of LTI 1.3 that the demo LMS and the tests' simulated Moodle share: real RS256 and JWKS.

describe('the platform kit', () => {
  let key: Awaited<ReturnType<typeof generateSigningKey>>;
  beforeAll(async () => {
    key = await generateSigningKey();
  });

  it('signs an RS256 JWT that verifies against the JWKS it publishes, on the event loop or off it', async () => {
    const jwk = publishedJwk(key);
    expect(jwk).toMatchObject({ kty: 'RSA', kid: key.kid, alg: 'RS256', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    const claims = { iss: 'https://lms.test', aud: 'c1', sub: 'u1', iat: 1, exp: 2 ** 31 };
    for (const token of [signRs256(claims, key), await signRs256InBackground(claims, key)]) {
      expect(jwt.decode(token, { complete: true })?.header).toEqual({
        alg: 'RS256',
        typ: 'JWT',
        kid: key.kid,
      });
      expect(jwt.verify(token, publicKey, { algorithms: ['RS256'] })).toEqual(claims);
    }
  });

  it('gives every key its own kid', async () => {
    expect((await generateSigningKey()).kid).not.toBe(key.kid);
  });

  const request = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    client_id: 'c1',
    redirect_uri: 'https://tool.test/lti/launch',
    login_hint: 'u1',
    state: 's',
    nonce: 'n',
    prompt: 'none',
    lti_message_hint: 'h',
  };
  it.each([
    [{}, undefined],
    [{ response_mode: 'query' }, 'invalid_request: scope/response_type/response_mode'],
    [{ scope: 'openid profile' }, 'invalid_request: scope/response_type/response_mode'],
    [{ client_id: 'c2' }, 'unauthorized_client'],
    [{ prompt: 'login' }, 'invalid_request: prompt'],
    [{ nonce: '' }, 'invalid_request: missing parameters'],
    [{ state: undefined }, 'invalid_request: missing parameters'],
  ])('an authentication request with %j: %s', (change, error) => {
    const checked = checkAuthorizationRequest({ ...request, ...change }, 'c1');
    expect(checked.ok ? undefined : checked.error).toBe(error);
  });

  describe('the token endpoint', () => {
    const tokenUrl = 'https://lms.test/token';
    const grant = (assertion: string) => ({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    const assertion = (o: { iss?: string; aud?: string; kid?: string } = {}) =>
      jwt.sign({ iss: o.iss ?? 'c1', sub: o.iss ?? 'c1', aud: o.aud ?? tokenUrl }, key.privateKey, {
        algorithm: 'RS256',
        keyid: o.kid ?? key.kid,
        expiresIn: 60,
      });
    const check = (body: Record<string, unknown>) =>
      checkClientAssertion(body, { clientId: 'c1', tokenUrl, toolKeys: async () => [publishedJwk(key)] });

    it('accepts an assertion signed by a published tool key, for this endpoint, from the client', async () => {
      expect(await check(grant(assertion()))).toBeUndefined();
    });
    it.each([
      ['another audience', { aud: 'https://elsewhere.test/token' }],
      ['another client', { iss: 'c2' }],
      ['an unpublished key', { kid: 'nobody' }],
    ])('refuses an assertion for %s (invalid_client)', async (_what, o) => {
      expect(await check(grant(assertion(o)))).toMatchObject({ error: 'invalid_client' });
    });
    it('refuses another grant type', async () => {
      expect(await check({ ...grant(assertion()), grant_type: 'password' })).toMatchObject({
        error: 'unsupported_grant_type',
      });
    });
    it('hands out bearer tokens and accepts only those', () => {
      const tokens = new AccessTokens();
      const token = tokens.issue();
      expect(tokens.accepts(`Bearer ${token}`)).toBe(true);
      expect(tokens.accepts(token)).toBe(false);
      expect(tokens.accepts(`Bearer ${token}x`)).toBe(false);
      expect(tokens.accepts(undefined)).toBe(false);
    });
  });

  it("keeps Moodle's gradebook rules: newer scores only (409), deleted items 404, unreadable scores 400", () => {
    const book = new Gradebook();
    const item = '/mod/lti/services.php/2/lineitems/7/lineitem';
    const score = (timestamp: string, scoreGiven = 1) => ({ userId: 'u1', scoreGiven, timestamp });
    expect(book.receive(item, score('2026-01-01T00:00:01Z'))).toEqual({ status: 200 });
    expect(book.receive(item, score('2026-01-01T00:00:01.900Z', 2))).toMatchObject({ status: 409 });
    expect(book.receive(item, score('2026-01-01T00:00:02Z', 3))).toEqual({ status: 200 });
    expect(book.grades.get(book.key(`https://lms.test${item}?type_id=1`, 'u1'))).toMatchObject({
      scoreGiven: 3,
      timemodified: Date.parse('2026-01-01T00:00:02Z') / 1000,
    });
    expect(book.receive(item, { scoreGiven: 1, timestamp: 'now' })).toMatchObject({ status: 400 });
    book.deletedLineItems.add(item);
    expect(book.receive(item, score('2026-01-02T00:00:00Z'))).toMatchObject({ status: 404 });
  });
});
