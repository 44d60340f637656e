/**
 * A name from a person, a module's author or an imported framework inside a sentence built as plain text (a
 * message with the name filled in, shown as `{{text}}`): between FIRST STRONG ISOLATE and POP DIRECTIONAL
 * ISOLATE (U+2068, U+2069), the text equivalent of <bdi>, so a direction mark in the name (U+202E) cannot
 * reorder the sentence around it. In a template, use `{{bdi name}}` or `(bdi name)` instead.
 */
export const isolated = (name: string): string => `\u2068${name}\u2069`;
