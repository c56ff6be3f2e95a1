import {Box, type Key} from 'ink';
import {Text} from './SafeText.js';
import {useMemo, useState} from 'react';
import type {Check, CheckStatus, PreflightReport} from '../panther/preflight/types.js';
import {verdict} from '../panther/preflight/report.js';
import {AppShell} from './AppShell.js';
import {CHECKS_COMMANDS, checksReducer, needsAttention, openingState, visibleChecks, type ChecksState} from './checks-state.js';
import {Details} from './Details.js';
import type {Line} from './details-lines.js';
import {HelpArea} from './HelpArea.js';
import {isShellCommand, matchCommand} from './keymap.js';
import {Pane} from './Pane.js';
import type {KeyUse} from './shell-state.js';
import {pad, truncate, wrap} from './text.js';
import type {Style, Theme} from './theme.js';
import {useAppShell} from './useAppShell.js';

export interface ChecksAppProps {
  report: PreflightReport;
  width?: number;
  height?: number;
  noColor?: boolean;
  onQuit?: () => void;
}

const MARKS: Readonly<Record<CheckStatus, string>> = {pass: '✓', warn: '!', fail: '✗', unknown: '?'};
const WORDS: Readonly<Record<CheckStatus, string>> = {pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'COULD NOT CHECK'};

function statusStyle(theme: Theme, status: CheckStatus): Style {
  if (status === 'fail') return theme.status.failed;
  if (status === 'warn') return theme.status.inProgress;
  if (status === 'pass') return theme.status.complete;
  return theme.text.muted;
}

/** The counts, the ones that are zero left out (the verdict already says there is no failure). */
export function summary(report: PreflightReport): string {
  const n = (s: CheckStatus) => report.checks.filter(c => c.status === s).length;
  const warnings = n('warn');
  const parts = [
    n('fail') > 0 ? `${n('fail')} failed` : '',
    warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    n('pass') > 0 ? `${n('pass')} passed` : '',
    n('unknown') > 0 ? `${n('unknown')} not checked` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/**
 * The header: the verdict first (the rest may be cut on a narrow terminal), then the counts, then what was checked.
 * The account is left out: the Identity check shows it.
 */
export function checksHeader(report: PreflightReport): string {
  return `${verdict(report).toUpperCase()}: ${summary(report)} · ${report.stackName} ${report.region} · Panther ${report.version}`;
}

/** What the key line lists is what the keys do (the help lists them all); the other keys of the keymap do nothing here. */
export const CHECKS_KEY_LINE = '↑↓ move · Tab details · n/N failure · f attention only · ? help · q quit';

/** Below it the checks are not drawn: the verdict and the size message are (the shell's). */
export const MIN_CHECKS_SIZE = {width: 40, height: 9};

/** The screen as an element, for the command that runs it (it has no JSX of its own). */
export function checksAppElement(props: ChecksAppProps) {
  return <ChecksApp {...props} />;
}

/** The preflight as a screen: the checks on the left, the selected one in full on the right. */
export function ChecksApp({report, width, height, noColor, onQuit}: ChecksAppProps) {
  const shell = useAppShell({width, height, noColor, onQuit});
  const {width: w, theme} = shell;
  const rows = Math.max(0, shell.height - 1); // one row less than the terminal: no full redraws
  const [state, setState] = useState<ChecksState>(() => openingState(report.checks));
  const listWidth = Math.max(30, Math.floor(w * 0.5));
  const main = Math.max(3, rows - 2);
  const page = Math.max(1, main - 3);
  const detailsWidth = Math.max(1, w - listWidth - 2);

  const onKey = (input: string, key: Key): KeyUse => {
    const command = matchCommand(input, key);
    if (command === null) return 'pass';
    setState(s => {
      // The size of the Details of the check the state is on (keys typed fast each see their own).
      const current = visibleChecks(report.checks, s)[s.cursor];
      const lines = current ? checkDetailsLines(current, detailsWidth, theme).length : 0;
      return checksReducer(s, command, report.checks, page, {lines, rows: page});
    });
    return isShellCommand(command) ? 'pass' : 'taken';
  };

  const checks = visibleChecks(report.checks, state);
  const selected: Check | undefined = checks[state.cursor];
  const detailLines = useMemo(() => (selected ? checkDetailsLines(selected, detailsWidth, theme) : []), [selected, detailsWidth, theme]);
  const top = Math.max(0, Math.min(state.cursor - Math.floor(page / 2), checks.length - page));
  const head = checksHeader(report);
  const failed = report.checks.some(c => c.status === 'fail');

  return (
    <AppShell shell={shell} commands={CHECKS_COMMANDS} minSize={MIN_CHECKS_SIZE} onKey={onKey} headline={head}>
      <Box flexDirection="column" width={w} height={rows}>
        <Box flexShrink={0} height={1}>
          <Text wrap="truncate" {...(failed ? theme.banner.error : theme.banner.success)}>
            {pad(truncate(head, w), w)}
          </Text>
        </Box>
        <HelpArea width={w} height={main}>
          <Box flexDirection="row" height={main}>
            <Pane
              title={`Checks (${checks.length})${state.problemsOnly ? ' · needing attention' : ''}`}
              focused={state.focus === 'list'}
              width={listWidth}
              height={main}
            >
              {checks.slice(top, top + page + 1).map((c, i) => {
                const index = top + i;
                const isCursor = index === state.cursor;
                return (
                  <Box key={c.id} flexShrink={0} height={1}>
                    <Text wrap="truncate" {...(isCursor ? theme.selection : {})}>
                      <Text>{isCursor ? '›' : ' '}</Text>
                      <Text {...statusStyle(theme, c.status)}>{MARKS[c.status]} </Text>
                      <Text {...(needsAttention(c) ? theme.text.primary : theme.text.muted)}>
                        {pad(truncate(`${c.title}: ${c.found}`, listWidth - 6), listWidth - 6)}
                      </Text>
                    </Text>
                  </Box>
                );
              })}
            </Pane>
            <Pane title="Details" focused={state.focus === 'details'} width={w - listWidth} height={main}>
              {selected ? <Details lines={detailLines} scroll={state.detailsScroll} height={page} width={detailsWidth} /> : <Text>No check.</Text>}
            </Pane>
          </Box>
        </HelpArea>
        <Box flexShrink={0} height={1}>
          <Text wrap="truncate" {...theme.text.muted}>
            {truncate(state.note ? `${state.note} · ${CHECKS_KEY_LINE}` : CHECKS_KEY_LINE, w)}
          </Text>
        </Box>
      </Box>
    </AppShell>
  );
}

/** The selected check in full, wrapped to `width`: the Details pane scrolls these lines. */
export function checkDetailsLines(check: Check, width: number, theme: Theme): Line[] {
  const lines: Line[] = [
    [{text: check.title, style: theme.text.title}],
    [{text: WORDS[check.status], style: statusStyle(theme, check.status)}],
    [],
    ...wrap(`Found: ${check.found}`, width).map(text => [{text, style: theme.text.primary}]),
  ];
  if (check.action) {
    lines.push([]);
    lines.push(...wrap(`To do: ${check.action}`, width).map(text => [{text, style: theme.text.accent}]));
  }
  return lines;
}
