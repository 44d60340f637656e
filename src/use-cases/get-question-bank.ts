import type { TenantId } from '../shared/ids';
import { itemStatistics, type ItemStatistics } from '../domain/evaluation/item-statistics';
import type { UseCaseDeps } from './deps';
import type { BankFilter, BankQuestionRow, StoredBankQuestion } from './ports/question-bank';

export const BANK_PAGE_SIZE = 50;

/** Each version's statistics, from the submitted attempts that drew it. */
async function statisticsOf(
  deps: Pick<UseCaseDeps, 'bank'>,
  tenantId: TenantId,
  versionIds: number[],
): Promise<Map<number, ItemStatistics>> {
  const responses = await deps.bank.responses(tenantId, versionIds);
  const byVersion = new Map<number, Array<{ total: number; correct: boolean }>>();
  for (const r of responses) {
    const list = byVersion.get(r.versionId) ?? [];
    list.push({ total: r.total, correct: r.correct });
    byVersion.set(r.versionId, list);
  }
  return new Map(versionIds.map((id) => [id, itemStatistics(byVersion.get(id) ?? [])]));
}

/**
 * The organisation's bank, filtered and paged, newest first: each question's newest version with its statistics
 * (attempts, share right, discrimination), for its authors.
 */
export async function getQuestionBank(
  deps: Pick<UseCaseDeps, 'bank'>,
  tenantId: TenantId,
  filter: BankFilter,
  page: number,
): Promise<{ rows: Array<BankQuestionRow & { stats: ItemStatistics }>; count: number; pages: number }> {
  const { rows, count } = await deps.bank.list(tenantId, filter, {
    offset: (page - 1) * BANK_PAGE_SIZE,
    limit: BANK_PAGE_SIZE,
  });
  const stats = await statisticsOf(
    deps,
    tenantId,
    rows.map((r) => r.versionId),
  );
  return {
    rows: rows.map((r) => ({ ...r, stats: stats.get(r.versionId) ?? { attempts: 0 } })),
    count,
    pages: Math.max(1, Math.ceil(count / BANK_PAGE_SIZE)),
  };
}

/** One question's newest version, for editing, with its statistics. */
export async function getBankQuestion(
  deps: Pick<UseCaseDeps, 'bank'>,
  tenantId: TenantId,
  questionId: number,
): Promise<(StoredBankQuestion & { stats: ItemStatistics }) | undefined> {
  const q = await deps.bank.get(tenantId, questionId);
  if (!q) return undefined;
  const stats = await statisticsOf(deps, tenantId, [q.versionId]);
  return { ...q, stats: stats.get(q.versionId) ?? { attempts: 0 } };
}
