import { readFrameworkDir } from '../../src/content/framework-file';
import {
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
