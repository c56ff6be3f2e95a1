import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
  width: number;
  height: number;
}

function read(stdout: NodeJS.WriteStream): TerminalSize {
  return {width: stdout.columns || 80, height: stdout.rows || 24};
}

/** The real terminal's size, updated on resize. */
export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
