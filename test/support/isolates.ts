/**
 * Text as its reader sees the words: without the isolates (U+2068, U+2069) that sentences built in code put
 * around names from people, authors and imported frameworks (src/http/bidi.ts). They show nothing.
 */
export const withoutIsolates = (s: string): string => s.replace(/[\u2068\u2069]/g, '');
