import { readFrameworkDir } from '../../src/content/framework-file';
import {
  checkAnnouncement,
  checkTarget,
  nextStage,
  roadmapStage,
  stageInForce,
  targetStatus,
  type StageAnnouncement,
} from '../../src/domain/agency/organisation-stage';

const ocsc = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;

// An agency that announced Early for FY 2568 and Developing for FY 2570 (seed 004 §4.6.2: its own choice).
const announced: StageAnnouncement[] = [
  { fiscalYear: 2570, stage: 'DEVELOPING' },
  { fiscalYear: 2568, stage: 'EARLY' },
];

describe('the organisation stage, announced per fiscal year (seed 004 §4.6.2)', () => {
  it('holds from the year announced until another is announced; nothing before the first', () => {
    expect(stageInForce(announced, 2567)).toBeUndefined();
    expect(stageInForce(announced, 2568)?.stage).toBe('EARLY');
    expect(stageInForce(announced, 2569)?.stage).toBe('EARLY');
    expect(stageInForce(announced, 2570)?.stage).toBe('DEVELOPING');
    expect(stageInForce(announced, 2575)?.stage).toBe('DEVELOPING');
  });

  it('the next stage is what future development prepares for; Mature has none', () => {
    expect(nextStage(ocsc, 'EARLY')?.code).toBe('DEVELOPING');
    expect(nextStage(ocsc, 'DEVELOPING')?.code).toBe('MATURE');
    expect(nextStage(ocsc, 'MATURE')).toBeUndefined();
  });

  it('the roadmap years (from FY 2561) only suggest a stage: FY 2565 is year 5, Developing (seed 002, 004 §4.6.1)', () => {
    expect(roadmapStage(ocsc, 2561)?.code).toBe('EARLY');
    expect(roadmapStage(ocsc, 2563)?.code).toBe('DEVELOPING');
    expect(roadmapStage(ocsc, 2565)?.code).toBe('DEVELOPING');
    expect(roadmapStage(ocsc, 2566)?.code).toBe('MATURE');
    expect(roadmapStage(ocsc, 2571)).toBeUndefined();
  });

  it('refuses an unknown stage and a year that is not a Buddhist-era fiscal year', () => {
    expect(checkAnnouncement(ocsc, { fiscalYear: 2569, stage: 'DEVELOPING' })).toEqual([]);
    expect(checkAnnouncement(ocsc, { fiscalYear: 2026, stage: 'LATE' })).toEqual([
      { field: 'stage', code: 'UNKNOWN_STAGE' },
      { field: 'fiscalYear', code: 'FISCAL_YEAR_INVALID' },
    ]);
  });
});

describe('the stage target with a deadline (e.g. Developing by the end of FY 2570)', () => {
  const target = { stage: 'DEVELOPING', byFiscalYear: 2570 };

  it('is refused behind the stage in force or by a year already over', () => {
    const current = stageInForce(announced, 2570);
    expect(checkTarget(ocsc, target, stageInForce(announced, 2568), 2568)).toEqual([]);
    expect(checkTarget(ocsc, { stage: 'EARLY', byFiscalYear: 2572 }, current, 2570)).toEqual([
      { field: 'stage', code: 'TARGET_NOT_AHEAD' },
    ]);
    expect(checkTarget(ocsc, { stage: 'MATURE', byFiscalYear: 2569 }, current, 2570)).toEqual([
      { field: 'byFiscalYear', code: 'TARGET_YEAR_PAST' },
    ]);
  });

  it('is on course with the years left counting this one, reached once announced, overdue after the year', () => {
    expect(targetStatus(ocsc, announced, target, 2568)).toEqual({
      status: 'on-course',
      stagesToGo: 1,
      fiscalYearsLeft: 3,
    });
    expect(targetStatus(ocsc, announced, target, 2570)).toEqual({ status: 'reached', since: 2570 });
    expect(targetStatus(ocsc, announced, target, 2572)).toEqual({ status: 'reached', since: 2570 });
    const late = [{ fiscalYear: 2568, stage: 'EARLY' }];
    expect(targetStatus(ocsc, late, target, 2571)).toEqual({ status: 'overdue', stagesToGo: 1 });
    expect(targetStatus(ocsc, [], target, 2569)).toEqual({ status: 'no-stage' });
  });
});
