/**
 * Control characters other than tab, line feed and carriage return: C0, DEL and C1. PostgreSQL refuses NUL in
 * text (SQLSTATE 22021) and in jsonb (22P05), and none of them belongs in a name, a claim or a form field.
 */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * True when a string, or any key or string inside arrays and plain objects (a parsed form, query or JSON
 * claim set), holds a control character. Walks with its own stack, so nesting depth cannot overflow the call
 * stack; other values (numbers, booleans, buffers) hold no text.
 */
export function containsControlCharacters(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v as unknown[]) stack.push(item);
    } else if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v)) {
      const o = v as Record<string, unknown>;
      for (const key in o) {
        if (!Object.hasOwn(o, key)) continue;
        if (CONTROL.test(key)) return true;
        stack.push(o[key]);
      }
    }
  }
  return false;
}
