import jwt from 'jsonwebtoken';
import { fastLtikJwt } from '../../src/lti/lti-app';

// The ltik fast path must agree with jsonwebtoken both ways, and accept nothing jsonwebtoken would refuse.
const KEY = 'ltik-test-encryption-key-0123456789abcdef';
const original = { sign: jwt.sign, verify: jwt.verify };
beforeAll(() => fastLtikJwt(KEY));
afterAll(() => Object.assign(jwt, original));

const ltik = { platformUrl: 'https://lms', clientId: 'c', deploymentId: 'd', user: 'u1', s: 'state' };

describe('ltik signing and verification (HS256 with the encryption key)', () => {
  it('a token it signs is the one jsonwebtoken verifies, and the other way round', () => {
    expect(jwt.sign).not.toBe(original.sign);
    const ours = jwt.sign(ltik, KEY) as string;
    expect(original.verify(ours, KEY)).toEqual({ ...ltik, iat: expect.any(Number) });
    const theirs = original.sign(ltik, KEY);
    expect(jwt.verify(theirs, KEY)).toEqual({ ...ltik, iat: expect.any(Number) });
    expect(ours.split('.')[0]).toBe(theirs.split('.')[0]);
  });

  it("refuses a changed payload, a changed signature and another key, with jsonwebtoken's own errors", () => {
    const token = jwt.sign(ltik, KEY) as string;
    const [h, p, s] = token.split('.') as [string, string, string];
    const other = Buffer.from(JSON.stringify({ ...ltik, user: 'admin' })).toString('base64url');
    expect(() => jwt.verify(`${h}.${other}.${s}`, KEY)).toThrow(jwt.JsonWebTokenError);
    const flipped = s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    expect(() => jwt.verify(`${h}.${p}.${flipped}`, KEY)).toThrow('invalid signature');
    expect(() => jwt.verify(original.sign(ltik, 'another-key-0123456789abcdefghijkl'), KEY)).toThrow(
      'invalid signature',
    );
  });

  it('leaves time claims, other algorithms and other keys to jsonwebtoken', () => {
    const expired = original.sign({ ...ltik, exp: Math.floor(Date.now() / 1000) - 10 }, KEY);
    expect(() => jwt.verify(expired, KEY)).toThrow(jwt.TokenExpiredError);
    const hs512 = original.sign(ltik, KEY, { algorithm: 'HS512' });
    expect(jwt.verify(hs512, KEY)).toEqual({ ...ltik, iat: expect.any(Number) });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(ltik)).toString('base64url')}.`;
    expect(() => jwt.verify(none, KEY)).toThrow(jwt.JsonWebTokenError);
    const elsewhere = jwt.sign(ltik, 'another-key-0123456789abcdefghijkl') as string;
    expect(original.verify(elsewhere, 'another-key-0123456789abcdefghijkl')).toMatchObject(ltik);
  });
});
