import { platformHosts } from '../../src/lti/platform-hosts';
import { generateKeyPairSync } from 'node:crypto';
import {
  createAgsClient,
  scoreAnswerCause,
  scoreAnswerKind,
  ScoreDeliveryError,
  tokenAnswerCause,
} from '../../src/lti/ags-client';
import { scoreFailureCause, scoreFailureKind } from '../../src/use-cases/deliver-grades';

// What each answer of the LMS's score service means for the grade outbox (reasons in ags-client.ts).
describe('score service answers', () => {
  it.each([
    [409, 'not_newer'],
    [400, 'refused'],
    [403, 'refused'],
    [404, 'refused'],
    [405, 'refused'],
    [410, 'refused'],
    [415, 'refused'],
    [422, 'refused'],
    [401, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [302, 'retry'],
  ] as const)('when the LMS answers %i, then the grade is %s', (status, kind) => {
    expect(scoreAnswerKind(status)).toBe(kind);
  });

  it('when an error carries no kind (a network error, a timeout, any other throw), then it is retried', () => {
    expect(scoreFailureKind(new Error('fetch failed'))).toBe('retry');
    expect(scoreFailureKind(undefined)).toBe('retry');
    expect(scoreFailureKind({ kind: 'something else' })).toBe('retry');
    expect(scoreFailureKind(new ScoreDeliveryError('score: HTTP 404', 'refused'))).toBe('refused');
  });

  it('when a ScoreDeliveryError is made with the old boolean, then true is a final refusal and false a retry', () => {
    expect(new ScoreDeliveryError('x', true)).toMatchObject({ kind: 'refused', permanent: true });
    expect(new ScoreDeliveryError('x')).toMatchObject({ kind: 'retry', permanent: false });
    expect(new ScoreDeliveryError('x', 'platform_removed').permanent).toBe(true);
  });

  it.each([
    [409, 'not_newer'],
    [401, 'access_refused'],
    [400, 'not_gradable'],
    [403, 'forbidden'],
    [404, 'line_item_gone'],
    [410, 'line_item_gone'],
    [415, 'refused'],
    [422, 'refused'],
    [408, 'busy'],
    [429, 'busy'],
    [500, 'busy'],
    [503, 'busy'],
    [302, 'unknown'],
  ] as const)('when the score service answers %i, then the cause shown is %s', (status, cause) => {
    expect(scoreAnswerCause(status)).toBe(cause);
  });

  it.each([
    // Moodle's token.php answers 400 to every refusal, with the reason in `error`.
    [400, 'invalid_client', 'key_refused'],
    [400, 'Signature verification failed', 'key_refused'],
    [401, 'invalid_client', 'key_refused'],
    [400, undefined, 'key_refused'],
    [400, 'invalid_scope', 'scope_refused'],
    [400, 'invalid_request', 'token_refused'],
    [400, 'unsupported_grant_type', 'token_refused'],
    [403, undefined, 'token_refused'],
    [429, undefined, 'busy'],
    [502, 'bad gateway', 'busy'],
  ] as const)('when the token endpoint answers %i %j, then the cause shown is %s', (status, error, cause) => {
    expect(tokenAnswerCause(status, error)).toBe(cause);
  });

  it('when an error carries no known cause, then it is unknown', () => {
    expect(scoreFailureCause(new Error('x'))).toBe('unknown');
    expect(scoreFailureCause({ failureCause: 'made up' })).toBe('unknown');
    expect(scoreFailureCause(new ScoreDeliveryError('score: HTTP 404', 'refused', 'line_item_gone'))).toBe(
      'line_item_gone',
    );
  });

  it.each<[string, () => Error, string]>([
    ['a timeout', () => Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 'unreachable'],
    [
      'a refused connection',
      () => new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }),
      'unreachable',
    ],
    [
      'a redirect',
      () => new TypeError('fetch failed', { cause: new Error('unexpected redirect') }),
      'redirected',
    ],
  ])('when the call fails with %s, then the cause shown is %s', async (_what, error, cause) => {
    const client = createAgsClient({
      credentials: () =>
        Promise.resolve({
          kid: 'k',
          privateKey: PRIVATE_KEY,
          tokenEndpoint: 'https://lms.example/token',
          audience: 'a',
          hosts: platformHosts(['https://lms.example/'], true),
        }),
      fetch: () => Promise.reject(error()),
    });
    const failure = await client
      .sendScore({
        issuer: 'https://lms.example',
        clientId: 'c',
        lineitemUrl: 'https://lms.example/lineitem',
        platformUserId: 'u',
        scoreGiven: 1,
        scoreMaximum: 1,
        timestamp: new Date(),
      })
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ kind: 'retry', failureCause: cause });
  });
});

const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
