import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Every file reachable from `entry` through relative imports, and the bare specifiers they name.
 * Imports are read with TypeScript's pre-processor, so import statements quoted in comments
 * (TSDoc examples) are not taken for imports.
 */
export async function importGraph(entry: string): Promise<{ files: string[]; bare: Set<string> }> {
  const files: string[] = [];
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = await readFile(file, 'utf8');
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else bare.add(spec);
    }
  }
  return { files, bare };
}
