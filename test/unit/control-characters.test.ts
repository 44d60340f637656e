import { containsControlCharacters } from '../../src/shared/control-characters';

describe('control characters in text, forms and claims', () => {
  it.each<[string, unknown, boolean]>([
    ['Thai text', 'สมหญิง รักเรียน', false],
    ['tab, line feed and carriage return (text areas)', 'a\tb\r\nc', false],
    ['emoji and other non-ASCII', 'ok 👍 café', false],
    ['NUL', 'a\u0000b', true],
    ['another C0 control', 'a\u0001b', true],
    ['vertical tab', 'a\u000Bb', true],
    ['escape', '\u001B[31m', true],
    ['DEL', 'a\u007Fb', true],
    ['a C1 control', 'a\u0085b', true],
    ['the last C1 control', '\u009F', true],
    ['the first character after C1', '\u00A0', false],
    ['a number', 0, false],
    ['null', null, false],
    ['a buffer holding NUL (raw bodies are not text)', Buffer.from([0]), false],
    ['a nested object', { a: { b: ['ok', { c: 'x\u0000' }] } }, true],
    ['a key with NUL', { 'a\u0000': 'ok' }, true],
    ['a clean nested object', { a: { b: ['ok', { c: 1, d: true }] } }, false],
  ])('%s', (_what, value, expected) => {
    expect(containsControlCharacters(value)).toBe(expected);
  });

  it('walks deeply nested values without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(containsControlCharacters(deep)).toBe(true);
  });
});
