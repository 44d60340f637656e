import {
  addDays,
  checkDeadline,
  checkReceivedOn,
  handInStatus,
  isPastDeadline,
  overdueNoticeWindow,
  reminderDue,
} from '../../src/domain/development/signed-self-assessment';
import { fiscalYear } from '../../src/domain/learning-record/fiscal-year';

// Seed 002: every official prints the self-assessment, signs it and hands it to HR by a date (there, 30 October
// 2563). The deadline day itself is in time; the day after it, whoever has not handed in is overdue.
const DEADLINE = '2026-10-30';

describe('who is overdue, given the deadline, the day of receipt and today', () => {
  it.each([
    // deadline, received on, today, status
    [undefined, undefined, '2026-12-01', 'notYet'],
    [undefined, '2026-11-02', '2026-12-01', 'handedIn'],
    [DEADLINE, undefined, '2026-10-29', 'notYet'],
    [DEADLINE, undefined, '2026-10-30', 'notYet'],
    [DEADLINE, undefined, '2026-10-31', 'overdue'],
    [DEADLINE, undefined, '2027-09-30', 'overdue'],
    [DEADLINE, '2026-10-30', '2026-10-31', 'handedIn'],
    [DEADLINE, '2026-10-01', '2026-10-05', 'handedIn'],
    [DEADLINE, '2026-10-31', '2026-11-01', 'handedInLate'],
  ] as const)('deadline %s, received %s, today %s: %s', (deadline, receivedOn, today, status) => {
    expect(handInStatus({ deadline, receivedOn, today })).toBe(status);
  });

  it('the deadline has passed only after its day', () => {
    expect(isPastDeadline(undefined, '2030-01-01')).toBe(false);
    expect(isPastDeadline(DEADLINE, DEADLINE)).toBe(false);
    expect(isPastDeadline(DEADLINE, '2026-10-31')).toBe(true);
  });

  it('the learner is reminded while nothing is received and the deadline is today or ahead', () => {
    expect(reminderDue({ deadline: DEADLINE, today: '2026-10-01' })).toBe(true);
    expect(reminderDue({ deadline: DEADLINE, today: DEADLINE })).toBe(true);
    expect(reminderDue({ deadline: DEADLINE, today: '2026-10-31' })).toBe(false);
    expect(reminderDue({ deadline: DEADLINE, receivedOn: '2026-10-02', today: '2026-10-03' })).toBe(false);
    expect(reminderDue({ today: '2026-10-03' })).toBe(false);
  });
});

describe('the dates an administrator may type', () => {
  const fy2570 = fiscalYear(2570); // 1 October 2026 - 30 September 2027

  it.each([
    ['2026-10-01', undefined],
    ['2027-09-30', undefined],
    ['2027-12-31', undefined], // three months after the year, as seed 002's form a month after the letter
    ['2028-01-01', 'DEADLINE_OUT_OF_YEAR'],
    ['2026-09-30', 'DEADLINE_OUT_OF_YEAR'],
  ] as const)('a deadline on %s: %s', (deadline, problem) => {
    expect(checkDeadline(fy2570, deadline)).toBe(problem);
  });

  it.each([
    ['2026-12-06', '2026-12-06', undefined],
    ['2026-12-07', '2026-12-06', 'RECEIVED_IN_FUTURE'],
    ['2026-09-30', '2026-12-06', 'RECEIVED_BEFORE_YEAR'],
    ['2026-10-01', '2026-12-06', undefined],
  ] as const)('received on %s when today is %s: %s', (receivedOn, today, problem) => {
    expect(checkReceivedOn(fy2570, receivedOn, today)).toBe(problem);
  });
});

describe('the overdue notice', () => {
  it('is due for deadlines passed within the last 30 days, not today’s nor long-past ones', () => {
    expect(overdueNoticeWindow('2026-12-06')).toEqual({
      deadlineFrom: '2026-11-06',
      deadlineBefore: '2026-12-06',
    });
  });

  it('counts days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
