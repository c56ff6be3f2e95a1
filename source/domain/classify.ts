// Classifying a failure into the categories of docs/output-formats.md, with a hint that names what broke, which
// thing, why, and what to do. The rules are data (diagnosis-rules.ts); this module reads the facts and applies them.
import {readFailure, type DiagnosisInput, type FailedResource} from './diagnosis-facts.js';
import {DIAGNOSIS_RULES, UNKNOWN_HINT, UNKNOWN_HINT_NO_TRAIL, type DiagnosisRule} from './diagnosis-rules.js';
import {renderHint} from './hint-template.js';
import type {Classification} from './types.js';

export type {FailedResource} from './diagnosis-facts.js';

export interface ClassifyOptions {
  /** False when CloudTrail is not consulted (--no-cloudtrail): hints then never promise its listing. */
  cloudTrail?: boolean;
}

/** The first rule of the table that matches the failure, or null. */
export function matchingRule(failure: FailedResource, rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES): DiagnosisRule | null {
  const input = readFailure(failure);
  return rules.find(r => applies(r, input, failure)) ?? null;
}

export function classifyFailure(failure: FailedResource, options: ClassifyOptions = {}): Classification {
  const input = readFailure(failure, options);
  const rule = DIAGNOSIS_RULES.find(r => applies(r, input, failure));
  if (!rule) {
    return {category: 'unknown', hint: options.cloudTrail === false ? UNKNOWN_HINT_NO_TRAIL : UNKNOWN_HINT, denial: input.denial, rule: null};
  }
  // `{matched}`: the words of the message the rule recognised (`Rate exceeded`, `has a dependent object`).
  // Cut by code points: half of a surrogate pair is not text.
  const matched = [...(rule.pattern.exec(input.text)?.[0]?.trim() ?? '')].slice(0, 80).join('') || undefined;
  // The code is named once: not again when the words matched are the code itself.
  const code = input.facts.code && input.facts.code.toLowerCase() !== matched?.toLowerCase() ? input.facts.code : undefined;
  return {category: rule.category, hint: renderHint(rule.hint, {...input.facts, matched, code}), denial: input.denial, rule: rule.id};
}

/** A reason alone, with no event around it (scripts and tests). */
export function classifyReason(reason: string, resourceType = '', status = '', options: ClassifyOptions = {}): Classification {
  return classifyFailure({reason, resourceType, status}, options);
}

function applies(rule: DiagnosisRule, input: DiagnosisInput, failure: Pick<FailedResource, 'resourceType' | 'status'>): boolean {
  if (rule.types && !rule.types.test(failure.resourceType ?? '')) return false;
  if (rule.needs && !rule.needs.every(fact => input.facts[fact])) return false;
  if (rule.statuses && !rule.statuses.test(failure.status ?? '')) return false;
  return rule.pattern.test(input.text);
}
