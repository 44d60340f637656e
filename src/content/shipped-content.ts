import type { Crosswalk } from '../domain/framework/crosswalk';
import { countingInto, ownCounting, type SkillCounting } from '../domain/framework/crosswalk-counting';
import type { Framework } from '../domain/framework/framework';
import type { DevelopmentTargets } from '../domain/learning-record/development-targets';
import type { CatalogueModule, FrameworkStore, StoredFramework } from '../use-cases/ports';
import { defaultAssessmentsDir, readAssessmentsDir, type AssessmentSet } from './assessments-file';
import { CatalogueFileError, defaultCatalogueDir } from './catalogue-file';
import { CrosswalkFileError, defaultCrosswalkDir, readCrosswalkDir } from './crosswalk-file';
import { defaultFrameworkDir, readFrameworkDir } from './framework-file';
import { defaultLevelDescriptorsDir, readLevelDescriptorsDir } from './level-descriptors-file';
import type { LevelDescriptors } from '../domain/framework/level-descriptors';
import { createSampleCatalogues } from './sample-catalogues';
import { defaultFollowUpFile, readFollowUpFile } from './follow-up-file';
import type { FollowUpQuestionnaire } from '../domain/evaluation/follow-up';
import { defaultTargetsDir, readTargetsDir } from './targets-file';

/** Where each kind of shipped file lives (config/…); tests point one of them at a folder of their own. */
export interface ContentDirs {
  frameworks: string;
  targets: string;
  crosswalks: string;
  levelDescriptors: string;
  assessments: string;
  catalogue: string;
  /** The follow-up questionnaire (a file, config/evaluation/follow-up.json). */
  followUp: string;
}

export interface ShippedContent {
  frameworks: Framework[];
  /** Development targets per framework id (hours per skill set by group and stage, target mix). */
  developmentTargets: Map<string, DevelopmentTargets>;
  /** Reviewed links between two loaded frameworks, by crosswalk id. */
  crosswalks: Map<string, Crosswalk>;
  /**
   * How hours recorded with any framework's codes count towards a framework, through the crosswalks: built here
   * once, never per request; a framework the tool did not ship (an import) counts hours as recorded.
   */
  counting: (frameworkId: string) => SkillCounting;
  /** What each self-assessment level means per skill set, per framework id (where a file describes it). */
  levelDescriptors: Map<string, LevelDescriptors>;
  /** The sample catalogue mapped to a stored framework version (read and checked once per version). */
  sampleCatalogue: (framework: StoredFramework) => CatalogueModule[];
  /** The sample catalogue of the default framework's newest version. */
  shippedModules: () => CatalogueModule[];
  /** Assessments and their eligibility rules per framework id. */
  assessments: Map<string, AssessmentSet>;
  /** The follow-up evaluation's questionnaire (config/evaluation/follow-up.json). */
  followUp: FollowUpQuestionnaire;
}

/**
 * Everything the tool ships under config/, read and checked at start, in the order each depends on the last:
 * frameworks (then stored, once per version), development targets, crosswalks, the sample catalogue (against the
 * default framework as stored), assessments (whose required modules must be in that catalogue). The first bad
 * file stops start-up with a message naming the file, the entry and the field.
 */
export async function loadShippedContent(
  store: Pick<FrameworkStore, 'load' | 'latest'>,
  options: {
    /** The framework a tenant starts with: the sample catalogue is checked against its newest stored version. */
    defaultFramework: string;
    dirs?: Partial<ContentDirs>;
  },
): Promise<ShippedContent> {
  const dirs = options.dirs ?? {};
  const frameworks = readFrameworkDir(dirs.frameworks ?? defaultFrameworkDir());
  await store.load(frameworks, 'config/frameworks');
  const developmentTargets = readTargetsDir(frameworks, dirs.targets ?? defaultTargetsDir());
  const crosswalks = readCrosswalkDir(frameworks, dirs.crosswalks ?? defaultCrosswalkDir());
  const countings = new Map(frameworks.map((f) => [f.id, countingInto(f, frameworks, crosswalks.values())]));
  // Records keep their codes without the framework's id: a code both frameworks use must mean the same on both.
  const ambiguous = [...countings.values()].flatMap((c) =>
    c.ambiguous.map(
      (code) => `crosswalks: "${code}" is a code of ${c.framework} but is linked to another code`,
    ),
  );
  if (ambiguous.length) throw new CrosswalkFileError(ambiguous);
  const counting = (id: string) => countings.get(id) ?? ownCounting({ id, skillSets: [], areas: [] });
  const levelDescriptors = readLevelDescriptorsDir(
    frameworks,
    dirs.levelDescriptors ?? defaultLevelDescriptorsDir(),
  );
  const followUp = readFollowUpFile(dirs.followUp ?? defaultFollowUpFile());
  const sampleCatalogue = createSampleCatalogues(dirs.catalogue ?? defaultCatalogueDir());
  const defaultFramework = await store.latest(options.defaultFramework);
  const shippedModules = () => (defaultFramework ? sampleCatalogue(defaultFramework) : []);
  // The sample modules are mapped to the default framework (checked above, at start). An organisation that uses
  // another framework the files do not fit gets none (its modules mapped to the default count through the
  // crosswalk), instead of a 500 on every catalogue page.
  const notFitting = new Set<number>();
  const fittingSampleCatalogue = (stored: StoredFramework): CatalogueModule[] => {
    if (stored.framework.id === options.defaultFramework || notFitting.has(stored.id)) {
      return notFitting.has(stored.id) ? [] : sampleCatalogue(stored);
    }
    try {
      return sampleCatalogue(stored);
    } catch (err) {
      if (!(err instanceof CatalogueFileError)) throw err;
      notFitting.add(stored.id);
      return [];
    }
  };
  // A catalogue file that does not fit the default framework stops start-up here, naming the file and the field.
  const slugs = new Set(shippedModules().map((m) => m.slug));
  const assessments = readAssessmentsDir(frameworks, slugs, dirs.assessments ?? defaultAssessmentsDir());
  return {
    frameworks,
    developmentTargets,
    crosswalks,
    counting,
    levelDescriptors,
    sampleCatalogue: fittingSampleCatalogue,
    shippedModules,
    assessments,
    followUp,
  };
}
