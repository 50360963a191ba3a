/** The project's own import graph, read from source: what a file reaches through static and dynamic imports. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

/** Module specifiers a file names (comments are not stripped: a commented import counts, which errs on the safe side). */
export function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

/** A project file for a specifier, or null for a package (`preact`, `@tensorflow/tfjs-core`). */
export function resolveSpecifier(from: string, spec: string): string | null {
  const bare = spec.replace(/\?.*$/, '');
  let base: string;
  if (bare.startsWith('@/')) base = path.join(ROOT, bare.slice(2));
  else if (bare.startsWith('.')) base = path.resolve(path.dirname(from), bare);
  else return null;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && !candidate.endsWith('/')) {
      try {
        readFileSync(candidate);
        return candidate;
      } catch {
        // a folder: try the next extension
      }
    }
  }
  throw new Error(`${from}: cannot resolve import "${spec}"`);
}

export interface Reach {
  /** Project files reachable from the entry, relative to the root. */
  files: Set<string>;
  /** Packages named anywhere on the way, with the file that names each first. */
  packages: Map<string, string>;
}

export function reachableFrom(entry: string): Reach {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [path.resolve(ROOT, entry)];
  while (queue.length) {
    const file = queue.pop() as string;
    const rel = path.relative(ROOT, file);
    if (files.has(rel)) continue;
    files.add(rel);
    if (!/\.(tsx?|mjs|js)$/.test(file)) continue; // CSS and other assets import nothing
    for (const spec of specifiers(file)) {
      const target = resolveSpecifier(file, spec);
      if (target) queue.push(target);
      else if (!packages.has(spec)) packages.set(spec, rel);
    }
  }
  return { files, packages };
}
