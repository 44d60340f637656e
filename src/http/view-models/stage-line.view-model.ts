import { t, type Locale } from '../../i18n/i18n';
import type { Framework } from '../../domain/framework/framework';
import type { StageInForce } from '../../use-cases/get-stage-in-force';

const stageName = (f: Framework, code: string, l: Locale) =>
  f.stages.find((s) => s.code === code)?.name[l] ?? code;

/**
 * The one line that tells people which stage their organisation announced for this fiscal year, and its target
 * (progress, the self-assessment and the stage page say it the same way). Years are Buddhist-era fiscal years.
 */
export function stageLine(l: Locale, f: Framework, s: StageInForce): string {
  const head = s.inForce
    ? t(l, 'stage.line.inForce', { year: s.fiscalYear, stage: stageName(f, s.inForce.stage, l) })
    : t(l, 'stage.line.none', { year: s.fiscalYear });
  return s.target
    ? `${head} · ${t(l, 'stage.line.target', { stage: stageName(f, s.target.stage, l), year: s.target.byFiscalYear })}`
    : head;
}

/** Where the organisation stands against its target, in a sentence (the stage page). */
export function statusLine(l: Locale, s: StageInForce): string | undefined {
  const st = s.status;
  if (!st) return undefined;
  switch (st.status) {
    case 'reached':
      return t(l, 'stage.status.reached', { year: st.since });
    case 'on-course':
      return t(l, 'stage.status.onCourse', { stages: st.stagesToGo, years: st.fiscalYearsLeft });
    case 'overdue':
      return t(l, 'stage.status.overdue', { stages: st.stagesToGo });
    case 'no-stage':
      return t(l, 'stage.status.noStage');
  }
}

export { stageName };
