import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the bundled roadmap files are: next to the built API (`dist/apps/api/roadmaps`, copied by
 * webpack) or, when running from sources, in the workspace's `data/roadmaps`.
 */
export function roadmapFilePath(name: string): string {
  const candidates = [join(__dirname, 'roadmaps', name), resolve(__dirname, '../../../data/roadmaps', name), resolve('data/roadmaps', name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`roadmap file ${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}
