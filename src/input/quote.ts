// Offending values are quoted in messages, but never in full: a 1 MB string or a binary file must
// not become a 2 MB error message. Each quoted value keeps its first QUOTE_MAX characters.

export const QUOTE_MAX = 200;

/** `text` itself when short; otherwise its start and how long it really is. */
export function quoteValue(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}
