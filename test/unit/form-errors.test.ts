import { z } from 'zod';
import { formErrors, zodProblems } from '../../src/http/form-errors';

const fields = [
  { field: 'title', id: 'title', label: 'ชื่อกิจกรรม' },
  { field: 'hours', id: 'hours', label: 'จำนวนชั่วโมง' },
  { field: 'group', id: 'group', label: 'กลุ่ม', href: '#group-first' },
];

describe('form errors', () => {
  it('when zod reports several fields, then every one is in the summary in page order, named and linked', () => {
    const schema = z.object({
      hours: z.string().regex(/^\d+$/, { error: 'record.error.hoursFormat' }),
      title: z.string().min(1),
    });
    const parsed = schema.safeParse({ hours: 'abc', title: '' });
    const errors = formErrors('th', fields, zodProblems(parsed.error!.issues));
    expect(errors.hasErrors).toBe(true);
    expect(errors.summary).toEqual([
      { field: 'title', href: '#title', message: 'ชื่อกิจกรรม: กรุณากรอกช่องนี้' },
      { field: 'hours', href: '#hours', message: 'จำนวนชั่วโมง: ใส่จำนวนชั่วโมงเป็นตัวเลข เช่น 1.5' },
    ]);
    expect(errors.fields.hours).toEqual({ message: 'ใส่จำนวนชั่วโมงเป็นตัวเลข เช่น 1.5', id: 'hours-error' });
  });

  it('when a field has two problems, then the first is shown; a group links where it says; too long names the limit', () => {
    const errors = formErrors('en', fields, [
      { field: 'group', key: 'form.error.invalid' },
      { field: 'group', key: 'form.error.required' },
      ...zodProblems(z.object({ title: z.string().max(3) }).safeParse({ title: 'abcd' }).error!.issues),
    ]);
    expect(errors.summary).toEqual([
      { field: 'title', href: '#title', message: 'ชื่อกิจกรรม: Too long (at most 3 characters).' },
      { field: 'group', href: '#group-first', message: 'กลุ่ม: This value is not valid.' },
    ]);
  });

  it('when a problem names a field the form does not list, then it is kept under the first field', () => {
    const errors = formErrors('en', fields, [{ field: 'unknown', key: 'form.error.invalid' }]);
    expect(errors.summary.map((s) => s.href)).toEqual(['#title']);
  });
});
