import {
  array,
  isoDate,
  map,
  nullable,
  numeric,
  object,
  oneOf,
  optional,
  record,
  text,
  tuple,
  type Decoder,
} from './decode';
import type { CountedHours } from '../domain/assessment/eligibility';
import type { SkillHours } from '../domain/learning-record/ledger';
import type { EligibilityInput } from '../use-cases/ports';

// Decoders of the values the learning record's queries share (src/db/decode.ts says why decoders).

export const category = oneOf(70, 20, 10);

/** One skill set's share of an entry's hours, as stored in learning_entries.skill_hours (jsonb). */
export const skillHours: Decoder<SkillHours> = object({
  skillSet: text,
  area: optional(text),
  hours: numeric,
});
export const skillHoursList = array(skillHours);

/**
 * One counted entry of ELIGIBILITY_COLUMNS / COUNTED_ENTRIES_OF_MANY, a compact JSON array [date, category,
 * hours, skill hours], checked and turned into CountedHours in one pass (the class view reads tens of thousands).
 */
export const countedHours: Decoder<CountedHours> = map(
  tuple(isoDate, category, numeric, skillHoursList),
  ([occurredOn, category, hours, skillHours]) => ({ occurredOn, category, hours, skillHours }),
);

/**
 * Official results as eligibility reads them ([kind, code, area, level, date], official_results, migration 0051):
 * DG-SA dates count as self-assessments, TPQI certifications as held.
 */
export const officialResults = map(
  array(tuple(oneOf('dg_sa', 'tpqi_certification'), text, text, numeric, isoDate)),
  (list): Pick<EligibilityInput, 'officialSelfAssessments' | 'certifications'> => {
    const officialSelfAssessments: string[] = [];
    const certifications: NonNullable<EligibilityInput['certifications']> = [];
    for (const [kind, code, area, level, awardedOn] of list)
      if (kind === 'dg_sa') officialSelfAssessments.push(awardedOn);
      else certifications.push({ code, area, level, awardedOn });
    return { officialSelfAssessments, certifications };
  },
);

/** The columns of ELIGIBILITY_COLUMNS (src/db/record-sql.ts), as what eligibility is judged on. */
export const eligibilityColumns: Decoder<EligibilityInput> = map(
  object({
    counted: nullable(array(countedHours)),
    modules: nullable(array(text)),
    taken: nullable(array(isoDate)),
    firsts: nullable(record(text)),
    official: optional(nullable(officialResults)),
  }),
  (row) => ({
    ...(row.official ?? {}),
    counted: row.counted ?? [],
    completedModules: new Set(row.modules ?? []),
    selfAssessments: row.taken ?? [],
    firsts: new Map(Object.entries(row.firsts ?? {}).map(([code, at]) => [code, new Date(at)])),
  }),
);
