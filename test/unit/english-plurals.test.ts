import en from '../../src/i18n/locales/en.json';

// The i18n helper has no plural forms: an English message that puts a count before a plural noun reads "1 learners"
// when the count is one. Such messages say "Learners: {count}" instead (Thai needs no plural); the bar chart picks
// "chart.unit.people.one" for one learner itself.
const COUNT_BEFORE_PLURAL =
  /\{(count|value|shown|total|people|hours|viewed|pages|unread|eligible|unchanged|added|headcount)\} (people|learners|entries|modules|questions|changes|certificates|notifications|pages|forms|problems|hours)\b/;
const ALLOWED = new Set([
  // Counts chosen by the bar chart: one learner has its own message.
  'chart.unit.people',
  // Reworded on main meanwhile ("… hours in total, all fiscal years"): left to that change.
  'progress.total',
  // The certificate's PDF (left to the certificates' owner this wave): hours are rarely exactly 1 there.
  'certificate.pdf.hoursOn.module',
  'certificate.pdf.hoursOn.assessment',
  'certificate.pdf.skillSetHours',
]);

describe('English messages with a count', () => {
  it('never put a count that can be 1 before a plural noun', () => {
    const offending = Object.entries(en)
      .filter(([key, message]) => !ALLOWED.has(key) && COUNT_BEFORE_PLURAL.test(message))
      .map(([key, message]) => `${key}: ${message}`);
    expect(offending).toEqual([]);
  });
});
