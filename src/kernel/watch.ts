// Queue changes are picked up by watching each agent's folder (inotify on Linux);
// a slow poll remains as the fallback for filesystems where watching fails.
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../telemetry/index.ts';

export function watchQueue(dir: string, onChange: () => void, log: Logger): () => void {
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      // Renames replace queue.md's inode, so watch the folder and match the name.
      if (file === null || file === 'queue.md') onChange();
    });
    watcher.on('error', (err) => log.warn({ dir, err }, 'file watch failed; falling back to polling'));
  } catch (err) {
    log.warn({ dir, err }, 'cannot watch folder; falling back to polling');
  }
  return () => watcher?.close();
}
