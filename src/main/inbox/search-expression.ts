/** More words than this add nothing a person would type, and only make the query slower. */
const MAX_TOKENS = 12;

/**
 * The FTS5 MATCH expression for what a person typed in the search box, or null when there is
 * nothing to search for. Every word is quoted (FTS5 reads `"…"` as a plain string, so AND, NEAR,
 * `-`, `:` or a stray quote in the box are words, never syntax), the words are ANDed, and the last
 * one is a prefix, so the list narrows while the person is still typing it.
 */
export function searchExpression(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, MAX_TOKENS) ?? [];
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return i === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' AND ');
}
