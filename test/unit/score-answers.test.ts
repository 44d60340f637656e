import { scoreAnswerKind, ScoreDeliveryError } from '../../src/lti/ags-client';
import { scoreFailureKind } from '../../src/use-cases/deliver-grades';

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
});
