import type {ReactNode} from 'react';
import {Help} from './Help.js';
import {useShellView} from './useAppShell.js';

export interface HelpAreaProps {
  width: number;
  height: number;
  children: ReactNode;
}

/** A screen's main area: the shell's help overlay takes its place while open, in the same box. */
export function HelpArea({width, height, children}: HelpAreaProps) {
  const shell = useShellView();
  if (!shell) return children;
  shell.place({width, height});
  return shell.help ? <Help width={width} height={height} scroll={shell.helpScroll} commands={shell.commands} /> : children;
}
