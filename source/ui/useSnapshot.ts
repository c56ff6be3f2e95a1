import {useCallback, useMemo, useSyncExternalStore} from 'react';
import type {Snapshot} from '../store/snapshot.js';

/** What the UI needs of the polling store: immutable snapshots and a change signal. */
export interface SnapshotSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
}

/** A source that never changes (tests, replays, a finished post-mortem). */
export function staticSource(snapshot: Snapshot): SnapshotSource {
  return {subscribe: () => () => {}, getSnapshot: () => snapshot};
}

export function useSnapshot(source: SnapshotSource): Snapshot {
  // Called through the object: a store written as a class keeps its `this`.
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source]);
  const getSnapshot = useCallback(() => source.getSnapshot(), [source]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** The App accepts either a snapshot or a source; this turns both into a snapshot. */
export function useSnapshotOf(snapshot: Snapshot | undefined, source: SnapshotSource | undefined): Snapshot {
  const fallback = useMemo(() => staticSource(snapshot as Snapshot), [snapshot]);
  return useSnapshot(source ?? fallback);
}
