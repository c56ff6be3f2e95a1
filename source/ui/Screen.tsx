import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {Snapshot} from '../store/snapshot.js';
import {Banner} from './Banner.js';
import {BuildPrompt} from './BuildPrompt.js';
import {DeploymentPicker} from './DeploymentPicker.js';
import {Details} from './Details.js';
import {DetailsOverlay} from './DetailsOverlay.js';
import {HelpArea} from './HelpArea.js';
import {Pane} from './Pane.js';
import {stackFooter, stacksTitle, StackTree} from './StackTree.js';
import type {UiState} from './state.js';
import {StatusBar} from './StatusBar.js';
import {pad, truncate, width as textWidth} from './text.js';
import {Timeline} from './Timeline.js';
import {useTheme} from './useTheme.js';
import type {ViewModel} from './view-model.js';

export interface ScreenProps {
  snapshot: Snapshot;
  state: UiState;
  vm: ViewModel;
}

/** Lays the panes out for the size the view model computed (its shell says when the terminal is too small). */
/** The panther-pulumi build's row under the Stacks pane's tree: its name and state, coloured as a stack's. */
function BuildRow({row, width}: {row: NonNullable<ViewModel['buildRow']>; width: number}) {
  const theme = useTheme();
  const right = truncate(row.right, Math.max(0, width - 8));
  const left = pad(`⚙ ${row.name}`, Math.max(0, width - textWidth(right) - 3));
  const tone =
    row.tone === 'muted'
      ? theme.text.muted
      : row.tone === 'inProgress'
        ? theme.status.inProgress
        : row.tone === 'complete'
          ? theme.status.complete
          : theme.status.failed;
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        <Text>{'  '}</Text>
        <Text {...theme.text.primary}>{left}</Text>
        <Text> </Text>
        <Text {...tone}>{right}</Text>
      </Text>
    </Box>
  );
}

export function Screen({snapshot, state, vm}: ScreenProps) {
  const {layout} = vm;
  const banner = <Banner lines={vm.banner} width={layout.width} />;
  const where = [snapshot.identity?.account ?? snapshot.profile ?? '', snapshot.region].filter(Boolean).join(' ');
  const status = state.buildPrompt ? (
    <BuildPrompt
      project={vm.ctx.build?.project ?? 'panther-pulumi'}
      where={where}
      typed={state.buildPrompt.typed}
      error={state.buildPrompt.error}
      width={layout.width}
    />
  ) : (
    <StatusBar
      snapshot={snapshot}
      width={layout.width}
      filterDraft={state.filterDraft}
      filterSelected={state.filterSelected}
      note={state.note}
      showStackName
      activity={vm.activity}
      warning={vm.warning}
    />
  );
  const scopeName = vm.scope ? (vm.names.get(vm.scope.stack.stackId) ?? vm.scope.stack.stackName) : snapshot.query;
  const emptyText = snapshot.rootStackId
    ? state.filter || state.failuresOnly
      ? 'No event matches (Esc clears the filter and failures only).'
      : 'No events yet.'
    : (snapshot.fatal ?? 'Finding the stack…');
  let main;
  if (vm.picker) {
    main = <DeploymentPicker view={vm.picker} width={layout.width} height={layout.main} bare={layout.mode !== 'full'} now={Date.now()} />;
  } else if (snapshot.fatal) {
    main = (
      <Box height={layout.main} flexShrink={0} overflow="hidden">
        {/* An error message, often AWS's own words: Text caps and sanitises it (line breaks kept). */}
        <Text wrap="wrap" multiline>
          {snapshot.fatal}
        </Text>
      </Box>
    );
  } else if (layout.mode === 'compact' && state.focus === 'details') {
    main = <DetailsOverlay lines={vm.details} scroll={state.detailsScroll} height={layout.main} width={layout.width} />;
  } else if (layout.mode === 'compact') {
    main = (
      <Box flexDirection="column" height={layout.main} flexShrink={0} overflow="hidden">
        <Timeline
          rows={vm.rows}
          cursor={vm.cursor}
          top={vm.top}
          height={layout.viewport.timeline}
          width={layout.width}
          focused
          rootCauseEventId={vm.rootCauseEventId}
          emptyText={emptyText}
          singleStack={(vm.scope?.children.length ?? 1) === 0}
        />
      </Box>
    );
  } else {
    const flags = [state.failuresOnly ? 'failures only' : '', state.filter ? `filter "${state.filter}"` : ''].filter(Boolean).join(' · ');
    const position = vm.rows.length > 0 ? `${vm.cursor + 1}/${vm.rows.length}` : '0';
    const follow = state.cursor.mode === 'follow' ? ' · following' : '';
    // Rows show the time of day: the title carries the date of the row under the cursor (updates span days).
    const day = vm.selected ? vm.selected.event.timestamp.slice(0, 10) : '';
    const timelineTitle = `Timeline · ${scopeName}${flags ? ` · ${flags}` : ''} · ${position}${follow} · ${day ? `${day} ` : ''}UTC`;
    const selected = vm.stackRows[vm.stackCursor]?.node.stack;
    const footer = selected ? stackFooter(selected, snapshot.events.get(selected.stackId) ?? [], vm.now) : '';
    main = (
      <Box height={layout.main} flexShrink={0} overflow="hidden">
        <Pane title={stacksTitle(vm.stackRows)} focused={state.focus === 'stacks'} width={layout.stacksWidth} height={layout.main}>
          <Box flexDirection="column" height={vm.stacksViewport} flexShrink={0} overflow="hidden">
            <StackTree
              rows={vm.stackRows}
              cursor={vm.stackCursor}
              top={Math.min(state.stackTop, Math.max(0, vm.stackRows.length - vm.stacksViewport))}
              height={vm.stacksViewport}
              width={layout.inner.stacks}
              focused={state.focus === 'stacks'}
              selectedStackId={state.selectedStackId}
              progress={vm.progress}
              rootCauseStackId={snapshot.postMortem?.rootCause?.stackId ?? null}
            />
          </Box>
          {vm.buildRow ? <BuildRow row={vm.buildRow} width={layout.inner.stacks} /> : null}
          <Box flexShrink={0} height={1}>
            <Text wrap="truncate">{pad(footer, layout.inner.stacks)}</Text>
          </Box>
        </Pane>
        <Box flexDirection="column" width={layout.rightWidth} flexShrink={0}>
          <Pane title={timelineTitle} focused={state.focus === 'timeline'} width={layout.rightWidth} height={layout.timelineHeight}>
            <Timeline
              rows={vm.rows}
              cursor={vm.cursor}
              top={vm.top}
              height={layout.viewport.timeline}
              width={layout.inner.timeline}
              focused={state.focus === 'timeline'}
              rootCauseEventId={vm.rootCauseEventId}
              emptyText={emptyText}
              singleStack={(vm.scope?.children.length ?? 1) === 0}
            />
          </Pane>
          <Pane title="Details" focused={state.focus === 'details'} width={layout.rightWidth} height={layout.detailsHeight}>
            <Details lines={vm.details} scroll={state.detailsScroll} height={layout.viewport.details} width={layout.inner.details} />
          </Pane>
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={layout.width} height={layout.rows} overflow="hidden">
      {banner}
      {snapshot.fatal ? (
        main
      ) : (
        <HelpArea width={layout.width} height={layout.main}>
          {main}
        </HelpArea>
      )}
      {status}
    </Box>
  );
}
