import { entryIdSchema, personIdSchema } from '../../src/shared/id-schemas';
import { personId, tenantId, type PersonId, type TenantId } from '../../src/shared/ids';
import type { AuditEntry, LedgerStore } from '../../src/use-cases/ports';

describe('branded ids', () => {
  it('are checked once where they come in, and are plain numbers after', () => {
    expect(tenantId(3)).toBe(3);
    expect(() => personId(0)).toThrow(RangeError);
    expect(() => personId(1.5)).toThrow(RangeError);
    expect(personIdSchema.parse('42')).toBe(42);
    expect(entryIdSchema.safeParse('-1').success).toBe(false);
    expect(entryIdSchema.safeParse('1e3x').success).toBe(false);
    expect(personIdSchema.safeParse(String(2 ** 60)).success).toBe(false);
  });

  it('cannot be swapped: a person id where a tenant id is meant does not type-check', () => {
    const t: TenantId = tenantId(1);
    const p: PersonId = personId(2);
    const audit: AuditEntry = {
      by: { tenantId: t, personId: p, lms: { issuer: 'https://lms.example', deploymentId: '1' } },
      action: 'target.chosen',
      subject: 'G S',
    };
    const call = (ledger: Pick<LedgerStore, 'setTarget'>) => {
      void ledger.setTarget({
        tenantId: t,
        personId: p,
        group: 'G',
        stage: 'S',
        state: 'agreed',
        setBy: p,
        audit,
      });
      // @ts-expect-error the tenant and the person swapped
      void ledger.setTarget({ tenantId: p, personId: t, group: 'G', stage: 'S', setBy: p, audit });
      // @ts-expect-error a bare number is no id until parsed
      void ledger.setTarget({ tenantId: 1, personId: p, group: 'G', stage: 'S', setBy: p, audit });
    };
    expect(typeof call).toBe('function');
  });
});
