// Finds the AWS SDK operations a source file calls (`new XxxCommand(` and `paginateXxx(`) and maps each to the IAM
// action it needs, through the file's imports from `@aws-sdk/client-*`.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {iamActionFor} from '../../source/panther/iam-policy.js';

export interface SdkCall {
  file: string;
  /** `new DescribeStacksCommand(` or `paginateListStacks(` as written. */
  use: string;
  operation: string;
  sdkPackage: string | null;
  /** `cloudformation:DescribeStacks`; null when the package is unknown. */
  action: string | null;
}

export function sdkCallsIn(file: string, text: string): SdkCall[] {
  const named = new Map<string, {pkg: string; imported: string}>();
  const namespaces = new Map<string, string>();
  for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) {
    for (const part of m[1]!.split(',')) {
      const spec = part.trim().replace(/^type\s+/, '');
      if (!spec) continue;
      const [imported, local] = spec.split(/\s+as\s+/).map(s => s.trim());
      named.set(local ?? imported!, {pkg: m[2]!, imported: imported!});
    }
  }
  for (const m of text.matchAll(/import\s+\*\s+as\s+(\w+)\s+from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) namespaces.set(m[1]!, m[2]!);

  const calls: SdkCall[] = [];
  const add = (use: string, local: string, ns: string | undefined, suffixOrPrefix: 'Command' | 'paginate') => {
    const info = ns ? {pkg: namespaces.get(ns) ?? null, imported: local} : (named.get(local) ?? {pkg: null, imported: local});
    const operation =
      suffixOrPrefix === 'Command' ? info.imported.replace(/Command$/, '') : info.imported.replace(/^paginate/, '');
    calls.push({file, use, operation, sdkPackage: info.pkg, action: info.pkg ? iamActionFor(info.pkg, operation) : null});
  };
  for (const m of text.matchAll(/new\s+(?:(\w+)\.)?(\w+Command)\s*\(/g)) add(m[0], m[2]!, m[1], 'Command');
  // Commands imported under another name: `import {DeleteBucketCommand as Drop}` ... `new Drop(`.
  for (const [local, info] of named) {
    if (local === info.imported || !info.imported.endsWith('Command')) continue;
    for (const m of text.matchAll(new RegExp(String.raw`new\s+${local}\s*\(`, 'g'))) add(m[0], local, undefined, 'Command');
  }
  for (const m of text.matchAll(/(?<![\w.])(?:(\w+)\.)?(paginate[A-Z]\w*)\s*\(/g)) add(m[0], m[2]!, m[1], 'paginate');
  return calls;
}

export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function sdkCallsUnder(dir: string, root: string): SdkCall[] {
  return tsFiles(dir).flatMap(path => sdkCallsIn(relative(root, path), readFileSync(path, 'utf8')));
}

/** One line per SDK call the policies do not allow (empty when all are allowed). */
export function missingActions(calls: readonly SdkCall[], allowed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of calls) {
    if (!c.action) out.push(`${c.file}: \`${c.use}\` is not imported from an @aws-sdk/client-* package: cannot tell its IAM action`);
    else if (!allowed.has(c.action)) out.push(`${c.file}: \`${c.use}\` needs ${c.action}, which neither IAM policy allows (source/panther/iam-policy.ts)`);
  }
  return [...new Set(out)];
}
