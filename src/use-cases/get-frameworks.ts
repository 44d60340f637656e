import type { TenantId } from '../shared/ids';
import { counterparts, type CrosswalkLevel, type CrosswalkSide } from '../domain/framework/crosswalk';
import type { Bilingual, Framework } from '../domain/framework/framework';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';

/** What a skill set or area of one framework stands for in another, by a reviewed crosswalk link. */
export interface Counterpart {
  /** The other framework. */
  framework: { id: string; name: Bilingual };
  level: CrosswalkLevel;
  code: string;
  name: Bilingual;
  /** Which way hours count: both ways, towards this framework only, or towards the other only. */
  towards: 'both' | 'here' | 'there';
  /** Why the link holds, with its source. */
  basis: Bilingual;
}

/** The crosswalks of a framework: counterparts per skill set and area code, and each crosswalk's own note. */
export interface FrameworkCrosswalks {
  counterparts: Map<string, Counterpart[]>;
  notes: Array<{ id: string; version: string; other: Bilingual; note: Bilingual }>;
}

/** Every counterpart of `f`'s skill sets and areas in the frameworks its crosswalks join it to. */
export function crosswalksOf(
  deps: Pick<UseCaseDeps, 'crosswalks'>,
  f: Framework,
  loaded: readonly Framework[],
): FrameworkCrosswalks {
  const byId = new Map(loaded.map((x) => [x.id, x]));
  const found: FrameworkCrosswalks = { counterparts: new Map(), notes: [] };
  for (const cw of deps.crosswalks.values()) {
    const side: CrosswalkSide | undefined = cw.a === f.id ? 'a' : cw.b === f.id ? 'b' : undefined;
    const other = side && byId.get(cw[side === 'a' ? 'b' : 'a']);
    if (!side || !other) continue;
    found.notes.push({ id: cw.id, version: cw.version, other: other.name, note: cw.note });
    const name = (level: CrosswalkLevel, code: string) =>
      (level === 'area' ? other.areas : other.skillSets).find((x) => x.code === code)?.name ?? {
        th: code,
        en: code,
      };
    for (const level of ['skillSet', 'area'] as const)
      for (const own of level === 'area' ? f.areas : f.skillSets) {
        const links = counterparts(cw, side, level, own.code);
        if (!links.length) continue;
        const list = found.counterparts.get(own.code) ?? [];
        for (const l of links)
          list.push({
            framework: { id: other.id, name: other.name },
            level,
            code: l.code,
            name: name(level, l.code),
            towards: l.towards === 'both' ? 'both' : l.towards === side ? 'here' : 'there',
            basis: l.basis,
          });
        found.counterparts.set(own.code, list);
      }
  }
  return found;
}

/**
 * The organisation's framework and every loaded framework it could choose instead (newest version of each), with
 * the crosswalks that join its framework to the others.
 */
export async function getFrameworks(
  deps: Pick<UseCaseDeps, 'frameworks' | 'crosswalks'>,
  tenantId: TenantId,
): Promise<{ current: StoredFramework; all: StoredFramework[]; crosswalks: FrameworkCrosswalks }> {
  const current = await deps.frameworks.forTenant(tenantId);
  const all = await deps.frameworks.listLatest();
  const crosswalks = crosswalksOf(
    deps,
    current.framework,
    all.map((s) => s.framework),
  );
  return { current, all, crosswalks };
}
