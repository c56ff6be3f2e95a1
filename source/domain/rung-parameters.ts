// A rung's parameters, grounded in the rung's own template (GetTemplateSummary on its TemplateURL): what the stack
// has now against what the new template declares. Pure: the aws layer reads the templates, the plan and the
// driver both reconcile with this one function (the plan to validate the walk before any write, the driver with
// the stack's parameters as they are when the rung runs).
//
//   kept         current and still declared            -> UsePreviousValue
//   set          a migration's value or --params' value -> ParameterValue (reported with the previous value)
//   dropped      current, no longer declared             -> not sent (CloudFormation refuses an undeclared key)
//   default      new, with a Default                     -> not sent (CloudFormation applies the default)
//   needs-value  new, no Default, nobody gave a value    -> the walk stops before any write

export interface DeclaredParameter {
  key: string;
  /** The template's Default; null when it declares none (a value is required). */
  defaultValue: string | null;
  description: string;
  noEcho: boolean;
}

export type ParameterFate = 'kept' | 'set' | 'dropped' | 'default' | 'needs-value';

export interface ParameterPlan {
  key: string;
  fate: ParameterFate;
  /** The value sent (set), applied (default) or kept (kept: the current one); null for dropped and needs-value. */
  value: string | null;
  /** The deployed value; null when the parameter is new. */
  previous: string | null;
  /** Where a set value comes from. */
  source: 'migration' | 'params' | null;
  /** The template's description (needs-value names it for the user). */
  description: string;
  noEcho: boolean;
}

export interface ReconcileInput {
  /** The stack's parameters before this rung. */
  current: Readonly<Record<string, string>>;
  declared: readonly DeclaredParameter[];
  /** Values this rung's migrations compute (only applied where the template declares the key). */
  migrations?: Readonly<Record<string, string>>;
  /** The user's --params values. */
  supplied?: Readonly<Record<string, string>>;
}

export interface ReconciledParameters {
  items: ParameterPlan[];
  /** The stack's parameters once the rung is deployed (the next rung's `current`). */
  after: Record<string, string>;
}

/** NoEcho values come back from DescribeStacks as asterisks: never compared, never shown. */
const MASKED = /^\*+$/;

export function reconcileParameters(input: ReconcileInput): ReconciledParameters {
  const migrations = input.migrations ?? {};
  const supplied = input.supplied ?? {};
  const declared = new Map(input.declared.map(d => [d.key, d]));
  const items: ParameterPlan[] = [];
  const after: Record<string, string> = {};
  const given = (key: string): {value: string; source: 'migration' | 'params'} | null => {
    if (key in migrations) return {value: migrations[key], source: 'migration'};
    if (key in supplied) return {value: supplied[key], source: 'params'};
    return null;
  };

  // The template's order: what a reader compares against the template.
  for (const d of input.declared) {
    const has = Object.hasOwn(input.current, d.key);
    const current = has ? input.current[d.key] : null;
    const value = given(d.key);
    const base = {key: d.key, description: d.description, noEcho: d.noEcho};
    if (has) {
      const changed = value !== null && (value.value !== current || MASKED.test(current ?? ''));
      if (changed) {
        items.push({...base, fate: 'set', value: value!.value, previous: current, source: value!.source});
        after[d.key] = value!.value;
      } else {
        items.push({...base, fate: 'kept', value: current, previous: current, source: null});
        after[d.key] = current!;
      }
    } else if (value !== null) {
      items.push({...base, fate: 'set', value: value.value, previous: null, source: value.source});
      after[d.key] = value.value;
    } else if (d.defaultValue !== null) {
      items.push({...base, fate: 'default', value: d.defaultValue, previous: null, source: null});
      after[d.key] = d.defaultValue;
    } else {
      items.push({...base, fate: 'needs-value', value: null, previous: null, source: null});
    }
  }
  for (const [key, value] of Object.entries(input.current)) {
    if (declared.has(key)) continue;
    items.push({key, fate: 'dropped', value: null, previous: value, source: null, description: '', noEcho: MASKED.test(value)});
  }
  return {items, after};
}

/** The CloudFormation Parameters of an update: kept ones UsePreviousValue, set ones their value, the rest unsent. */
export function changeSetParameterList(items: readonly ParameterPlan[]): {key: string; value: string | null; usePrevious: boolean}[] {
  const out: {key: string; value: string | null; usePrevious: boolean}[] = [];
  for (const p of items) {
    if (p.fate === 'kept') out.push({key: p.key, value: null, usePrevious: true});
    else if (p.fate === 'set') out.push({key: p.key, value: p.value, usePrevious: false});
  }
  return out;
}

export function needsValue(items: readonly ParameterPlan[]): ParameterPlan[] {
  return items.filter(p => p.fate === 'needs-value');
}

/** How a value is shown: NoEcho ones never. */
export function shownValue(p: Pick<ParameterPlan, 'noEcho'>, value: string | null): string {
  if (value === null) return '';
  return p.noEcho || MASKED.test(value) ? '(NoEcho)' : JSON.stringify(value);
}

/** One phrase per parameter that does anything but stay as it is, for a review or a report. */
export function parameterPhrase(p: ParameterPlan): string {
  switch (p.fate) {
    case 'kept':
      return `${p.key} kept`;
    case 'set':
      return `set ${p.key} = ${shownValue(p, p.value)}${p.previous === null ? ' (new)' : ` (was ${shownValue(p, p.previous)})`}${p.source === 'params' ? ' from --params' : ''}`;
    case 'dropped':
      return `${p.key} dropped (no longer in the template; was ${shownValue(p, p.previous)}; not sent)`;
    case 'default':
      return `${p.key} new, default ${shownValue(p, p.value)}`;
    case 'needs-value':
      return `${p.key} NEEDS A VALUE (new, no default${p.description ? `: ${p.description}` : ''})`;
  }
}

/**
 * "13 kept, set A, dropped B, ..." for one line. A stack being created has nothing to keep: "sets A = "x", B = "y";
 * 9 at their template defaults".
 */
export function parametersLine(items: readonly ParameterPlan[]): string {
  if (items.length > 0 && items.every(p => p.previous === null)) {
    const set = items.filter(p => p.fate === 'set').map(p => `${p.key} = ${shownValue(p, p.value)}`);
    const defaults = items.filter(p => p.fate === 'default').length;
    const missing = items.filter(p => p.fate === 'needs-value').map(parameterPhrase);
    return [`sets ${set.length ? set.join(', ') : 'nothing'}`, `${defaults} at their template defaults`, ...missing].join('; ');
  }
  const kept = items.filter(p => p.fate === 'kept').length;
  const rest = items.filter(p => p.fate !== 'kept').map(parameterPhrase);
  return [`${kept} kept (UsePreviousValue)`, ...rest].join('; ');
}
