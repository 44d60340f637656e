import { readFrameworkDir } from '../../src/content/framework-file';
import {
  analysedSelfAssessments,
  hoursByArea,
  needAnalysis,
  type SelfAssessmentForAnalysis,
} from '../../src/domain/agency/need-analysis';

const frameworks = readFrameworkDir();
const ocsc = frameworks.find((f) => f.id === 'ocsc-digital-government-skills')!;
const teacher = frameworks.find((f) => f.id === 'teacher-digital-skills')!;

describe('the yearly need analysis from self-assessments (seed 004 §5.3, seed 002)', () => {
  // Three officials of the Service group assessed against Developing (rank 2, the target of seed 002), one Executive.
  const assessments: SelfAssessmentForAnalysis[] = [
    { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 0, DG: 2, DT: 1 } },
    { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 1, DG: 3 } },
    { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 2, DG: 1 } },
    { targetGroup: 'EXEC', targetStage: 'MATURE', ratings: { DLD: 1, XX: 0 } },
    { targetGroup: 'NOPE', targetStage: 'MATURE', ratings: { DL: 0 } },
  ];

  it('counts, per group and skill set, who is below the stage assessed against and by how much', () => {
    expect(needAnalysis(ocsc, assessments)).toEqual([
      { group: 'EXEC', skillSet: 'DLD', assessed: 1, below: 1, levelsShort: 2, byGap: [0, 1] },
      { group: 'SERV', skillSet: 'DL', assessed: 3, below: 2, levelsShort: 3, byGap: [1, 1] },
      { group: 'SERV', skillSet: 'DG', assessed: 3, below: 1, levelsShort: 1, byGap: [1] },
      { group: 'SERV', skillSet: 'DT', assessed: 1, below: 1, levelsShort: 1, byGap: [1] },
    ]);
  });

  it('gives nothing without self-assessments', () => {
    expect(needAnalysis(ocsc, [])).toEqual([]);
  });
});

describe('hours per Digital Literacy area (the teachers’ framework counts in its nine areas, seed 003 §5.1)', () => {
  it('sums hours per area in the framework’s order, and apart those given without an area', () => {
    const result = hoursByArea(teacher, 'DL', [
      { skillSet: 'DL', area: 'DL-COMPUTER', hours: 1.5 },
      { skillSet: 'DL', area: 'DL-COMPUTER', hours: 1 },
      { skillSet: 'DL', area: 'DL-SECURITY', hours: 0.75 },
      { skillSet: 'DL', hours: 2 },
      { skillSet: 'DG', hours: 4 },
    ]);
    expect(result.areas).toHaveLength(9);
    expect(result.areas[0]).toEqual({ area: 'DL-COMPUTER', hours: 2.5 });
    expect(result.areas[8]).toEqual({ area: 'DL-SECURITY', hours: 0.75 });
    expect(result.areas.filter((a) => a.hours === 0)).toHaveLength(7);
    expect(result.withoutArea).toBe(2);
  });
});

describe('one self-assessment per person: the newer of the tool’s own and an imported DG-SA result (seed 002)', () => {
  const own = (takenOn: string, ratings: Record<string, number>) => ({
    takenOn,
    targetGroup: 'SERV',
    targetStage: 'DEVELOPING',
    ratings,
  });
  const dgSa = (takenOn: string, levels: Record<string, number>) => ({ takenOn, levels });

  it('counts the newer (the DG-SA on the same day), read against the person’s group and their own stage', () => {
    const result = analysedSelfAssessments(
      ocsc,
      [
        {
          own: own('2026-01-10', { DL: 0 }),
          dgSa: dgSa('2026-02-01', { DL: 2, DG: 1 }),
          targetGroup: 'ACAD',
          targetStage: 'EARLY',
        },
        {
          own: own('2026-03-10', { DL: 1 }),
          dgSa: dgSa('2026-02-01', { DL: 3 }),
          targetGroup: 'ACAD',
          targetStage: 'EARLY',
        },
        {
          own: own('2026-02-01', { DL: 0 }),
          dgSa: dgSa('2026-02-01', { DL: 3 }),
          targetGroup: 'EXEC',
          targetStage: 'MATURE',
        },
        { dgSa: dgSa('2026-05-01', { DL: 1, XX: 0 }), targetGroup: 'SERV', targetStage: 'DEVELOPING' },
      ],
      undefined,
    );
    expect(result).toEqual({
      assessments: [
        { targetGroup: 'ACAD', targetStage: 'EARLY', ratings: { DL: 2, DG: 1 } },
        { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 1 } },
        { targetGroup: 'EXEC', targetStage: 'MATURE', ratings: { DL: 3 } },
        { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 1 } },
      ],
      people: 4,
      fromDgSa: 3,
      dgSaWithoutTarget: 0,
    });
  });

  it('reads a DG-SA result at the organisation’s stage in force when it announced one', () => {
    const result = analysedSelfAssessments(
      ocsc,
      [{ dgSa: dgSa('2026-05-01', { DL: 1 }), targetGroup: 'SERV', targetStage: 'EARLY' }],
      'MATURE',
    );
    expect(result.assessments).toEqual([{ targetGroup: 'SERV', targetStage: 'MATURE', ratings: { DL: 1 } }]);
    expect(needAnalysis(ocsc, result.assessments)).toEqual([
      { group: 'SERV', skillSet: 'DL', assessed: 1, below: 1, levelsShort: 2, byGap: [0, 1] },
    ]);
  });

  it('without a target group or stage in the record, a DG-SA result takes those of the person’s own self-assessment', () => {
    const result = analysedSelfAssessments(
      ocsc,
      [
        { own: own('2026-01-10', { DL: 0 }), dgSa: dgSa('2026-02-01', { DL: 2 }) },
        { own: own('2026-01-10', { DL: 0 }), dgSa: dgSa('2026-02-01', { DL: 2 }), targetGroup: 'TECH' },
      ],
      undefined,
    );
    expect(result).toEqual({
      assessments: [
        { targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 2 } },
        { targetGroup: 'TECH', targetStage: 'DEVELOPING', ratings: { DL: 2 } },
      ],
      people: 2,
      fromDgSa: 2,
      dgSaWithoutTarget: 0,
    });
  });

  it('a DG-SA result that cannot be read against a target leaves the person’s own to count, or counts them apart', () => {
    const result = analysedSelfAssessments(
      ocsc,
      [
        { own: own('2026-01-10', { DL: 0 }), dgSa: dgSa('2026-02-01', { DL: 2 }), targetGroup: 'NOPE' },
        { dgSa: dgSa('2026-02-01', { DL: 2 }), targetGroup: 'SERV' },
        { dgSa: dgSa('2026-02-01', { DL: 2 }), targetGroup: 'NOPE', targetStage: 'EARLY' },
      ],
      undefined,
    );
    expect(result).toEqual({
      assessments: [{ targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 0 } }],
      people: 3,
      fromDgSa: 0,
      dgSaWithoutTarget: 2,
    });
  });

  it('counts a DG-SA result with no level of the framework’s skill sets as none', () => {
    const result = analysedSelfAssessments(
      ocsc,
      [
        {
          own: own('2026-01-10', { DL: 1 }),
          dgSa: dgSa('2026-02-01', { XX: 2 }),
          targetGroup: 'SERV',
          targetStage: 'EARLY',
        },
        { dgSa: dgSa('2026-02-01', { XX: 2 }), targetGroup: 'SERV', targetStage: 'EARLY' },
      ],
      undefined,
    );
    expect(result).toEqual({
      assessments: [{ targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 1 } }],
      people: 1,
      fromDgSa: 0,
      dgSaWithoutTarget: 0,
    });
  });
});
