import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';

/*
 * No import cycles in src/. The three circles issue 28 broke (errors.ts ↔ oci/digest.ts, rebase/engine.ts ↔
 * read-image.ts / verify-layers.ts, rebase/run-image.ts ↔ rebase/types.ts) stay broken, and no new one forms.
 *
 * Type-only imports count. They are erased from the build, so they never cause an initialisation-order bug,
 * but that was not why the circles had to go: a reader following a module's imports has to hold the whole
 * circle in mind either way — and all three circles were held together by type imports alone, so a check
 * of value imports only would have passed before they were broken. A shared type belongs in a file both
 * sides import.
 */

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports: static, type-only, `import()` and `import x = require()`. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      out.push(node.moduleSpecifier.text);
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      out.push(node.moduleReference.expression.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    // `import('./x.js').T` in a type position.
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      out.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** A relative `./x.js` (NodeNext spelling) as the `.ts` file it names; packages and missing files: undefined. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const targets = specifiers(file)
      .map((s) => resolveLocal(file, s))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Each cycle once, as `a.ts → b.ts → a.ts` (paths relative to root): one per strongly connected group. */
function importCycles(root: string): string[] {
  const graph = importGraph(root);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);

  const name = (f: string) => relative(root, f).split(sep).join('/');
  const cycles = groups.map((group) => {
    // One concrete circle through the group's first file: the shortest way back to it, inside the group.
    const members = new Set(group);
    const start = [...group].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    while (queue.length > 0 && end === undefined) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
    path.push(start);
    return path.map(name).join(' → ');
  });
  return cycles.sort();
}

test('the finder names a circle, type-only imports included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'structure-'));
  mkdirSync(join(dir, 'rebase'));
  writeFileSync(join(dir, 'errors.ts'), "import { d } from './digest.js';\nexport const e = d;\n");
  writeFileSync(join(dir, 'digest.ts'), "import type { E } from './types.js';\nexport const d = 1;\n");
  writeFileSync(join(dir, 'types.ts'), "export type { e as E } from './errors.js';\n");
  writeFileSync(join(dir, 'rebase', 'leaf.ts'), "import { d } from '../digest.js';\nexport const l = d;\n");
  writeFileSync(join(dir, 'rebase', 'self.ts'), "export * from './self.js';\n");
  expect(importCycles(dir)).toEqual([
    'digest.ts → types.ts → errors.ts → digest.ts',
    'rebase/self.ts → rebase/self.ts',
  ]);
});

test('src/ has no import cycle', () => {
  expect(sourceFiles(SRC).length).toBeGreaterThan(50);
  expect(importCycles(SRC)).toEqual([]);
});
