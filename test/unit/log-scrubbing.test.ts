import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from '../../src/shared/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQ';

describe('log scrubbing', () => {
  it.each([
    ['an ltik in a query', '/app/progress?x=1&ltik=abc.def&y=2', '/app/progress?x=1&ltik=[redacted]&y=2'],
    ['state and nonce', '/auth?state=s3cr3t&nonce=n0nce', '/auth?state=[redacted]&nonce=[redacted]'],
    ['an OAuth code and a token', '/cb?code=c1&token=t1', '/cb?code=[redacted]&token=[redacted]'],
    [
      'the registration secret in the path',
      '/lti/register/reg-secret-0123?x=1',
      '/lti/register/[redacted]?x=1',
    ],
    ['a JWT anywhere', `failed: ${JWT} was refused`, 'failed: [jwt [redacted]] was refused'],
    [
      'a percent-encoded query',
      'r=http%3A%2F%2Fx%2Fa%3Fltik%3Dabc%26y%3D1',
      'r=http%3A%2F%2Fx%2Fa%3Fltik%3D[redacted]%26y%3D1',
    ],
    ['a Bearer header', 'Authorization: Bearer abc123.x', 'Authorization: Bearer [redacted]'],
    ['a password in a URL', 'postgres://app:pa55@db:5432/x', 'postgres://app:[redacted]@db:5432/x'],
    [
      'a JSON field',
      '{"a":1,"idToken":"x\\"y","access_token":"t"}',
      '{"a":1,"idToken":"[redacted]","access_token":"[redacted]"}',
    ],
  ])('takes out %s', (_what, input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text, reason codes and URLs alone', () => {
    const text =
      '{"event":"lti.launch_rejected","code":"INVALID_SIGNATURE","url":"/app/progress?fy=2569&lang=th"}';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('a logger removes configured secrets and credential-shaped values from every line, at any level', () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const key = 'encryption-key-0123456789-abcdef';
    const log = createLogger('trace', sink, { secrets: [key, undefined] });
    log.trace({ config: { encryptionKey: key } }, `key is ${key}`);
    log.debug({ err: new Error(`GET http://lms/x?ltik=${JWT} failed`) }, 'failed');
    log.info({ req: { headers: { cookie: 'ltiaHR0=abc', authorization: 'Bearer zzz' } } }, 'headers');
    log.warn({ ltik: { nested: 'object' }, cookies: { state1: 'v' } }, 'objects');
    expect(out).not.toContain(key);
    expect(out).not.toContain('c2lnbmF0dXJlLXBhcnQ');
    expect(out).not.toContain('ltiaHR0=abc');
    expect(out).not.toContain('zzz');
    expect(out).not.toContain('nested');
    expect(out).not.toContain('state1');
    expect(out.trim().split('\n')).toHaveLength(4);
    for (const line of out.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
