import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {Snapshot} from '../store/snapshot.js';
import {shortReason} from './details-lines.js';
import type {OperationBanner} from './operation-banner.js';
import {clock, pad} from './text.js';
import {useTheme} from './useTheme.js';

export interface BannerProps {
  snapshot: Snapshot;
  names: ReadonlyMap<string, string>;
  width: number;
  credentialsExpired: boolean;
  operation: OperationBanner | null;
  /** At most this many lines (the layout decides). */
  max: number;
}

/** `ROOT CAUSE  <stack>/<logicalId>: <category> — <short reason>` */
export function rootCauseLine(snapshot: Snapshot, names: ReadonlyMap<string, string>): string | null {
  const rc = snapshot.postMortem?.rootCause;
  if (!rc) return null;
  const stack = names.get(rc.stackId) ?? rc.stackName;
  // The category is in the details; the banner's width goes to where and what.
  return `ROOT CAUSE  ${stack}/${rc.logicalResourceId}: ${shortReason(rc.reason)}`;
}

export function credentialsLine(snapshot: Snapshot): string {
  const last = Math.max(snapshot.poll.cloudformation.lastSuccessAt ?? 0, snapshot.poll.cloudtrail.lastSuccessAt ?? 0);
  const asOf = last > 0 ? `; showing data as of ${clock(last)}` : '';
  const login = snapshot.profile ? `aws sso login --profile ${snapshot.profile}` : 'aws sso login';
  return `CREDENTIALS EXPIRED: refresh them (e.g. ${login}); the console resumes by itself${asOf}`;
}

export function Banner({snapshot, names, width, credentialsExpired, operation, max}: BannerProps) {
  const theme = useTheme();
  const lines: {text: string; style: object}[] = [];
  if (credentialsExpired) lines.push({text: credentialsLine(snapshot), style: theme.banner.error});
  const rc = rootCauseLine(snapshot, names);
  if (rc) lines.push({text: rc, style: theme.banner.rootCause});
  if (operation) {
    const style = operation.tone === 'failed' ? theme.banner.error : operation.tone === 'success' ? theme.banner.success : theme.banner.info;
    lines.push({text: operation.text, style});
  }
  return (
    <>
      {lines.slice(0, max).map(l => (
        <Box key={l.text} flexShrink={0} height={1}>
          <Text wrap="truncate" {...l.style}>
            {pad(l.text, width)}
          </Text>
        </Box>
      ))}
    </>
  );
}
