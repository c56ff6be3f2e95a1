// The screen's one gateway for text: every component draws through this Text, never ink's, so no string (a status
// reason, a fatal error, a stack name, a typed filter) reaches the terminal without being capped and sanitised,
// whichever path it took. test/ui/hostile-screen.test.tsx fails if a component imports ink's Text directly.
import {Text as InkText, type TextProps as InkTextProps} from 'ink';
import type {ReactNode} from 'react';
import {safeText} from '../text/display.js';

export interface TextProps extends InkTextProps {
  /** Keep line breaks (a fatal error of several lines, in a box that wraps). Default: one line. */
  multiline?: boolean;
}

export function Text({children, multiline = false, ...props}: TextProps) {
  return <InkText {...props}>{safe(children, multiline)}</InkText>;
}

/** Strings made safe; elements (our own Text, sanitising itself), numbers and empty values left as they are. */
function safe(node: ReactNode, multiline: boolean): ReactNode {
  // A tab would move the cursor to a tab stop the layout knows nothing about: a space instead.
  if (typeof node === 'string') return multiline ? safeText(node, {multiline}).replace(/\t/g, ' ') : safeText(node);
  if (Array.isArray(node)) return node.map(n => safe(n, multiline));
  return node;
}
