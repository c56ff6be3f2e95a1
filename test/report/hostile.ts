// Hostile strings as AWS (a crafted status reason, a resource name, a parameter value) or a catalog could hand them
// to the reports: each would, unescaped, add a link, an image, HTML or structure to a Markdown ticket.
import MarkdownIt, {type Token} from 'markdown-it';

export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '![x](http://evil.example/x.png)',
  '[click](http://evil.example)',
  '<https://evil.example/auto>',
  'https://evil.example/bare',
  'www.evil.example',
  'mail evil@evil.example',
  '<script>alert(1)</script>',
  '&#x202E; &lt;b&gt;',
  '*bold* _em_ ~~strike~~ `code` $x$',
  '| extra | cells |',
  '[ref]: http://evil.example',
  '[ref]',
].join(' ');

/** What each hostile string must still read as, once rendered (text, not markup). */
export const VISIBLE = ['<img src=x onerror=alert(1)>', '![x](http://evil.example/x.png)', '[click](http://evil.example)', '| extra | cells |'];

/** Starts of a line that would open structure if the text led a list item or a quote. */
export const HOSTILE_STARTS = ['- 1. nested', '1. ordered', '# heading', '> quote', '---', '[ref]: http://evil.example'];

/** A CommonMark parser with GitHub's extras: tables, strikethrough, bare URL and e-mail links, raw HTML. */
export function parseMarkdown(md: string) {
  const parser = new MarkdownIt({html: true, linkify: true});
  // GitHub links scheme URLs, www. and e-mail addresses, not bare domains.
  parser.linkify.set({fuzzyLink: false});
  return {tokens: parser.parse(md, {}), html: parser.render(md)};
}

function* walk(tokens: readonly Token[]): Generator<Token> {
  for (const t of tokens) {
    yield t;
    if (t.children) yield* walk(t.children);
  }
}

/** Every link, image and HTML node of the document (the reports make none of their own). */
export function unsafeNodes(md: string): string[] {
  return [...walk(parseMarkdown(md).tokens)]
    .filter(t => /^(link_open|image|html_inline|html_block)$/.test(t.type))
    .map(t => `${t.type}: ${t.content || t.attrGet('href') || t.attrGet('src') || ''}`);
}

/** The number of cells of each table row (a stray `|` would add one). */
export function rowWidths(md: string): number[] {
  const widths: number[] = [];
  let n = 0;
  for (const t of parseMarkdown(md).tokens) {
    if (t.type === 'tr_open') n = 0;
    if (t.type === 'td_open' || t.type === 'th_open') n++;
    if (t.type === 'tr_close') widths.push(n);
  }
  return widths;
}

/** Headings and lists the document holds (to compare with the same report made of harmless text). */
export function structure(md: string): string[] {
  return [...walk(parseMarkdown(md).tokens)]
    .filter(t => /^(heading_open|bullet_list_open|ordered_list_open|blockquote_open|hr|table_open|s_open|em_open|strong_open)$/.test(t.type))
    .map(t => t.type);
}
