// What the cleanup reports share: one line of what a retained resource's read found and what to do before its command.
import type {PlannedRemoval} from '../domain/failed-first-deploy.js';

export function retainedDetail(r: PlannedRemoval): string {
  if (r.state.exists === false || r.state.pendingDeletion) return r.removal.note ? `${r.state.found}: nothing to do` : r.state.found;
  return [r.state.found, r.removal.note].filter(Boolean).join('; ');
}
