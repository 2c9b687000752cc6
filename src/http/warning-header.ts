// Warning response headers as kube-apiserver writes them (apiserver's WithWarningRecorder and
// apimachinery's NewWarningHeader): each text once, texts with control characters dropped, cut
// once the total passes 4,096 runes, and sent as UTF-8 bytes. Header values are byte strings in
// the Fetch API, so a warning naming a field "Ā" must not reach Headers as is (that was a 500).

const TRUNCATE_AT_TOTAL_RUNES = 4 * 1024;
const TRUNCATE_ITEM_RUNES = 256;
/** Go's unicode.IsControl: C0, DEL and C1 (the Unicode category Cc). */
const CONTROL = /\p{Cc}/u;

/** `299 - "<text>"` quoted as Go's makeQuotedString does, as the byte string of its UTF-8. */
function header(text: string): string | undefined {
  if (CONTROL.test(text)) return undefined;
  const quoted = `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  // TextEncoder writes a lone surrogate as U+FFFD, as Go's string conversion does.
  let bytes = '';
  for (const b of new TextEncoder().encode(quoted)) bytes += String.fromCharCode(b);
  return bytes;
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
