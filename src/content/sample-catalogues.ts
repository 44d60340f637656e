import { defaultCatalogueDir, readCatalogueDir } from './catalogue-file';
import type { CatalogueModule, StoredFramework } from '../use-cases/ports';
import { TtlCache } from '../shared/ttl-cache';

/**
 * The shipped sample catalogue (config/catalogue), read and checked once per framework version: a module that
 * does not fit the framework stops there, naming the file and the field. Bounded by the framework versions loaded.
 */
export function createSampleCatalogues(
  dir = defaultCatalogueDir(),
): (framework: StoredFramework) => CatalogueModule[] {
  const read = new TtlCache<CatalogueModule[]>(Infinity, 64);
  return (stored) => {
    const key = String(stored.id);
    const cached = read.get(key) ?? readCatalogueDir(stored.framework, dir);
    read.set(key, cached);
    return cached;
  };
}
