// The findings on a role's trust policy as text lines (preflight and deploy print them): the level, what was
// found, what to do. Every string is capped and sanitised: principals and condition values come from IAM.
import type {TrustFinding, TrustLevel} from '../panther/deployment-role-trust.js';
import {safeText} from '../text/display.js';

const LABELS: Record<TrustLevel, string> = {fail: 'FAIL', warn: 'WARN', pass: 'PASS', note: 'NOTE'};

export function trustFindingLine(f: TrustFinding): string {
  return `${LABELS[f.level].padEnd(8)}${safeText(f.found)}${f.action ? ` => ${safeText(f.action)}` : ''}`;
}

export function trustLines(findings: readonly TrustFinding[]): string[] {
  return findings.map(trustFindingLine);
}
