// The words a person reads for each failure category on the screen's banner (the JSON keeps the slug): short,
// since the whole reason follows them on the same rows.
import type {Category} from './types.js';

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  'scp-deny': 'SCP deny',
  'permission-denied': 'missing permission',
  'already-exists': 'name taken (leftover?)',
  'limit-exceeded': 'limit reached',
  'invalid-parameter': 'bad parameter',
  'kms-policy': 'KMS key policy',
  timeout: 'did not finish',
  dependency: 'dependency',
  'delete-failed': 'delete failed',
  internal: 'AWS-side error',
  unknown: 'unclassified',
};

export function categoryLabel(category: Category): string {
  return CATEGORY_LABELS[category] ?? category;
}
