import { readCatalogueDir } from './catalogue-file';
import type { CatalogueModule, StoredFramework } from '../use-cases/ports';

/**
 * The shipped sample catalogue (config/catalogue), read and checked once per framework version: a module that
 * does not fit the framework stops there, naming the file and the field. Bounded by the framework versions loaded.
 */
export function createSampleCatalogues(): (framework: StoredFramework) => CatalogueModule[] {
  const read = new Map<number, CatalogueModule[]>();
  return (stored) => {
    const cached = read.get(stored.id) ?? readCatalogueDir(stored.framework);
    read.set(stored.id, cached);
    return cached;
  };
}
