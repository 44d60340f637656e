import { auditDetailItems } from '../../src/http/audit-details';

// The audit log's Details column: the JSON the stores write, shown as short lines a civil servant can read.
describe('auditDetailItems', () => {
  it.each([
    ['entry ids joined', { entryIds: [3, 4] }, 'en', [{ label: 'Entries', value: '3, 4' }]],
    ['a known key in Thai', { comment: 'no proof' }, 'th', [{ label: 'ความเห็น', value: 'no proof' }]],
    ['an unknown key by its name', { somethingNew: 'x' }, 'en', [{ label: 'somethingNew', value: 'x' }]],
    [
      'an ISO date in the Buddhist era',
      { asOf: '2026-12-07' },
      'th',
      [{ label: 'ข้อมูล ณ วันที่', value: '7 ธันวาคม 2569' }],
    ],
    ['an ISO date in English', { asOf: '2026-12-07' }, 'en', [{ label: 'As of', value: '7 December 2026' }]],
    [
      'a timestamp in Bangkok time',
      { seenAt: '2026-12-07T05:00:00.000Z' },
      'en',
      [{ label: 'seenAt', value: '7 December 2026 at 12:00' }],
    ],
    ['a boolean', { inUse: true }, 'th', [{ label: 'ใช้งานอยู่', value: 'ใช่' }]],
    ['a coded value by name', { decision: 'reversed' }, 'en', [{ label: 'Decision', value: 'reversed' }]],
    ['plain before and after', { before: 'A', after: 'B' }, 'en', [{ label: 'Change', value: 'A → B' }]],
    [
      'a first value',
      { before: null, after: 'Developing' },
      'en',
      [{ label: 'Change', value: '— → Developing' }],
    ],
    [
      'before and after objects, one line per changed field',
      {
        entryId: 7,
        before: { hours: 1.5, category: '70' },
        after: { hours: 2, category: '70' },
        reason: 'typo',
      },
      'en',
      [
        { label: 'Entry', value: '7' },
        { label: 'Hours', value: '1.5 → 2' },
        { label: 'Reason', value: 'typo' },
      ],
    ],
    [
      'a list of objects',
      {
        pools: [
          { skillSet: 'DL', count: 5 },
          { area: 'DL1', count: 2 },
        ],
      },
      'en',
      [{ label: 'Question pools', value: 'Skill set: DL, Questions: 5; Area: DL1, Questions: 2' }],
    ],
    ['nothing', {}, 'en', []],
  ] as const)('%s', (_name, details, l, expected) => {
    expect(auditDetailItems(l, details)).toEqual(expected);
  });

  it('a before and after of dates: both in the page calendar', () => {
    expect(auditDetailItems('th', { fiscalYear: 2570, before: null, after: '2027-03-31' })).toEqual([
      { label: 'ปีงบประมาณ', value: '2570' },
      { label: 'การเปลี่ยนแปลง', value: '— → 31 มีนาคม 2570' },
    ]);
  });
});
