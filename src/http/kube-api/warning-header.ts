// Warning response headers as kube-apiserver writes them (apiserver's WithWarningRecorder and
// apimachinery's NewWarningHeader): each text once, texts with control characters dropped, cut
// once the total passes 4,096 runes. kube-apiserver sends the text's UTF-8 bytes; here header
// values are Fetch byte strings (a field named "Ā" in a warning was a 500), and both runtimes
// re-encode bytes above 0x7f (workerd always, Node with a string body), so the exact bytes cannot
// be sent: each character outside ASCII becomes "?", the same on Node and on the Worker.

const TRUNCATE_AT_TOTAL_RUNES = 4 * 1024;
const TRUNCATE_ITEM_RUNES = 256;
/** Go's unicode.IsControl: C0, DEL and C1 (the Unicode category Cc). */
const CONTROL = /\p{Cc}/u;

/** `299 - "<text>"` quoted as Go's makeQuotedString does, in ASCII. */
function header(text: string): string | undefined {
  if (CONTROL.test(text)) return undefined;
  // One "?" per code point (a lone surrogate too, which Go would have read as U+FFFD).
  const ascii = text.replace(/[^\x20-\x7e]/gu, '?');
  return `299 - "${ascii.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const cut = (runes: string[]) =>
  runes.length > TRUNCATE_ITEM_RUNES ? runes.slice(0, TRUNCATE_ITEM_RUNES) : runes;

/** The Warning header values for `texts`, in order, as kube-apiserver's recorder would add them. */
export function warningHeaderValues(texts: string[]): string[] {
  const seen = new Set<string>();
  const ordered: string[][] = [];
  let out: string[] = [];
  let written = 0;
  let truncating = false;
  const add = (runes: string[]) => {
    const value = header(runes.join(''));
    if (value === undefined) return;
    written += runes.length;
    out.push(value);
  };
  for (const text of texts) {
    if (text === '' || (truncating && written >= TRUNCATE_AT_TOTAL_RUNES) || seen.has(text)) {
      continue;
    }
    seen.add(text);
    const runes = [...text];
    ordered.push(runes);
    if (truncating || written + runes.length <= TRUNCATE_AT_TOTAL_RUNES) {
      add(truncating ? cut(runes) : runes);
      continue;
    }
    // Over the total: start again with every text so far cut to 256 runes.
    truncating = true;
    written = 0;
    out = [];
    for (const r of ordered) add(cut(r));
  }
  return out;
}
