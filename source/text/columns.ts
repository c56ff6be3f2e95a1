// Terminal columns as Ink counts them. Ink lays text out with string-width and cuts it with cli-truncate; measuring
// and cutting here with the same libraries keeps a padded cell exactly as wide as Ink thinks it is (a hand-written
// measure counted 👍🏽 as four columns and ❤️ as one, and the panes beside them moved). Input is sanitised text.
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

/**
 * Printable ASCII, the text AWS writes, and the ellipsis of a cut: a column a character, no clusters, nothing to
 * sanitise. Measured and cut by length (string-width's own fast path takes ASCII only, and every cut cell has a `…`).
 */
const NARROW = /^[\x20-\x7e\u2026]*$/;

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** string-width of one cluster, kept: a cut walks clusters one by one, and a call costs the segmenter's set-up. */
const clusterWidths = new Map<string, number>();

function clusterWidth(cluster: string): number {
  let w = clusterWidths.get(cluster);
  if (w === undefined) {
    if (clusterWidths.size >= 10_000) clusterWidths.clear();
    clusterWidths.set(cluster, (w = stringWidth(cluster)));
  }
  return w;
}

export function isNarrow(s: string): boolean {
  return NARROW.test(s);
}

/** Terminal columns the text takes. */
export function width(s: string): number {
  return isNarrow(s) ? s.length : stringWidth(s);
}

/** Whether the text takes no more than `cols` columns (read no further than that: a cut says so). */
export function fits(text: string, cols: number): boolean {
  return cut(text, cols, 'end') === text;
}

/**
 * At most `cols` columns, the cut marked with `…` at the `end` (the head kept) or the `start` (the tail kept). A
 * grapheme cluster (a flag, 👍🏽, é as e and an accent) is kept or dropped whole.
 */
export function cut(text: string, cols: number, position: 'end' | 'start'): string {
  return cutMeasured(text, cols, position)[0];
}

/**
 * Cuts of other text, kept: each costs string-width's walk (some microseconds a cluster, tens for an emoji, and each
 * call sets up the grapheme segmenter), and a frame redraws the cells of the one before. Bounded (2,000 texts of at
 * most 1,000 characters), emptied when full; a longer text is read only as far as its cut (nearEnd).
 */
const cuts = new Map<string, [string, number]>();
const CUTS_KEPT = 2000;
const CUT_KEPT_CHARS = 1000;

/** `cut`, and the columns the result takes (measured once: a padded cell needs it too). */
export function cutMeasured(text: string, cols: number, position: 'end' | 'start'): [string, number] {
  if (cols <= 0) return ['', 0];
  if (isNarrow(text)) {
    if (text.length <= cols) return [text, text.length];
    return [position === 'end' ? `${text.slice(0, cols - 1)}…` : `…${text.slice(text.length - cols + 1)}`, cols];
  }
  if (text.length > CUT_KEPT_CHARS) return cutClusters(text, cols, position);
  const key = `${position} ${cols} ${text}`;
  let done = cuts.get(key);
  if (!done) {
    if (cuts.size >= CUTS_KEPT) cuts.clear();
    cuts.set(key, (done = cutClusters(text, cols, position)));
  }
  return done;
}

function cutClusters(text: string, cols: number, position: 'end' | 'start'): [string, number] {
  // Of a long text only the end that is kept is read: string-width walks every cluster (an emoji costs tens of
  // microseconds), and a reason can be 4,000 characters.
  const [source, sourceWidth] = nearEnd(text, cols, position);
  if (sourceWidth <= cols) return [source, sourceWidth];
  const out = cliTruncate(source, cols, {position});
  // A right cut fills `cols`, or one column less where a wide cluster did not fit. cli-truncate measures the text
  // with string-width but cuts it with slice-ansi, which counts clusters its own way: a wide character across the
  // cut is kept (one column over), a cluster with a spacing mark (Devanagari कि) is one column where string-width
  // says two (far over at the end, far short at the start), and the start's slice ends where string-width says the
  // text ends, short of its end after a zero-width cluster. Then the cut is made here, cluster by cluster.
  const w = stringWidth(out);
  if (w <= cols && w >= cols - 1 && (position === 'end' || source.endsWith(out.slice(1)))) return [out, w];
  const [kept, used] = position === 'end' ? headOf(source, cols - 1) : tailOf(source, cols - 1);
  return [position === 'end' ? `${kept}…` : `…${kept}`, used + 1];
}

/**
 * The head (`end`) or tail (`start`) of the text, ending between two clusters, wider than `cols` when the text is,
 * and its columns: the whole text when it fits. Read from a little over `cols` characters, doubling.
 */
function nearEnd(text: string, cols: number, position: 'end' | 'start'): [string, number] {
  for (let reach = cols + 8; reach < text.length; reach *= 2) {
    const segments = graphemes.segment(text);
    const part = position === 'end' ? text.slice(0, segments.containing(reach)!.index) : text.slice(segments.containing(text.length - reach)!.index);
    const w = stringWidth(part);
    if (w > cols) return [part, w];
  }
  return [text, stringWidth(text)];
}

/**
 * A word in pieces of at most `cols` columns, cut between grapheme clusters. A cluster wider than `cols` (東 in one
 * column) is a piece of its own rather than an endless loop.
 */
export function pieces(word: string, cols: number): string[] {
  if (isNarrow(word)) {
    const out: string[] = [];
    for (let i = 0; i < word.length; i += cols) out.push(word.slice(i, i + cols));
    return out;
  }
  const out: string[] = [];
  let piece = '';
  let used = 0;
  for (const {segment} of graphemes.segment(word)) {
    const w = clusterWidth(segment);
    if (used > 0 && used + w > cols) {
      out.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += w;
  }
  if (piece) out.push(piece);
  return out;
}

/** The longest head of whole clusters within `cols` columns, and its columns. */
function headOf(text: string, cols: number): [string, number] {
  let out = '';
  let used = 0;
  for (const {segment} of graphemes.segment(text)) {
    const w = clusterWidth(segment);
    if (used + w > cols) break;
    out += segment;
    used += w;
  }
  return [out, used];
}

/** The longest tail of whole clusters within `cols` columns, and its columns. */
function tailOf(text: string, cols: number): [string, number] {
  const clusters = Array.from(graphemes.segment(text), s => s.segment);
  let out = '';
  let used = 0;
  for (let i = clusters.length - 1; i >= 0; i--) {
    const w = clusterWidth(clusters[i]!);
    if (used + w > cols) break;
    out = clusters[i] + out;
    used += w;
  }
  return [out, used];
}
