// Word wrapping for plain-text reports: words move whole to the next line; a word longer than a line (an ARN)
// is cut. Widths count code points (reports are ASCII-heavy; wide glyphs are rare in AWS text).

/** Wrap `text` into lines of at most `width` columns; explicit line breaks are kept. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      let chars = [...word];
      if (line.length > 0 && line.length + 1 + chars.length > w) {
        lines.push(line.join(''));
        line = [];
      }
      if (line.length > 0) line.push(' ');
      while (line.length + chars.length > w) {
        const cut = w - line.length;
        lines.push([...line, ...chars.slice(0, cut)].join(''));
        line = [];
        chars = chars.slice(cut);
      }
      line.push(...chars);
    }
    lines.push(line.join(''));
  }
  return lines;
}

/** `label` then `text` wrapped, continuation lines aligned under the text. */
export function labelled(label: string, text: string, width: number, indent = 0): string[] {
  const head = ' '.repeat(indent) + label;
  const avail = Math.max(10, width - head.length);
  return wrap(text, avail).map((l, i) => (i === 0 ? head : ' '.repeat(head.length)) + l);
}
