import type { Crosswalk } from '../domain/framework/crosswalk';
import type { Framework } from '../domain/framework/framework';
import type { DevelopmentTargets } from '../domain/learning-record/development-targets';
import type { CatalogueModule, FrameworkStore, StoredFramework } from '../use-cases/ports';
import { defaultAssessmentsDir, readAssessmentsDir, type AssessmentSet } from './assessments-file';
import { defaultCatalogueDir } from './catalogue-file';
import { defaultCrosswalkDir, readCrosswalkDir } from './crosswalk-file';
import { defaultFrameworkDir, readFrameworkDir } from './framework-file';
import { defaultLevelDescriptorsDir, readLevelDescriptorsDir } from './level-descriptors-file';
import type { LevelDescriptors } from '../domain/framework/level-descriptors';
import { createSampleCatalogues } from './sample-catalogues';
import { defaultTargetsDir, readTargetsDir } from './targets-file';

/** Where each kind of shipped file lives (config/…); tests point one of them at a folder of their own. */
export interface ContentDirs {
  frameworks: string;
  targets: string;
  crosswalks: string;
  levelDescriptors: string;
  assessments: string;
  catalogue: string;
}

export interface ShippedContent {
  frameworks: Framework[];
  /** Development targets per framework id (hours per skill set by group and stage, target mix). */
  developmentTargets: Map<string, DevelopmentTargets>;
  /** Reviewed links between two loaded frameworks, by crosswalk id. */
  crosswalks: Map<string, Crosswalk>;
  /** What each self-assessment level means per skill set, per framework id (where a file describes it). */
  levelDescriptors: Map<string, LevelDescriptors>;
  /** The sample catalogue mapped to a stored framework version (read and checked once per version). */
  sampleCatalogue: (framework: StoredFramework) => CatalogueModule[];
  /** The sample catalogue of the default framework's newest version. */
  shippedModules: () => CatalogueModule[];
  /** Assessments and their eligibility rules per framework id. */
  assessments: Map<string, AssessmentSet>;
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
  const levelDescriptors = readLevelDescriptorsDir(
    frameworks,
    dirs.levelDescriptors ?? defaultLevelDescriptorsDir(),
  );
  const sampleCatalogue = createSampleCatalogues(dirs.catalogue ?? defaultCatalogueDir());
  const defaultFramework = await store.latest(options.defaultFramework);
  const shippedModules = () => (defaultFramework ? sampleCatalogue(defaultFramework) : []);
  // A catalogue file that does not fit the default framework stops start-up here, naming the file and the field.
  const slugs = new Set(shippedModules().map((m) => m.slug));
  const assessments = readAssessmentsDir(frameworks, slugs, dirs.assessments ?? defaultAssessmentsDir());
  return {
    frameworks,
    developmentTargets,
    crosswalks,
    levelDescriptors,
    sampleCatalogue,
    shippedModules,
    assessments,
  };
}
