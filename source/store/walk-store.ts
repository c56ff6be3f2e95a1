// The upgrade walk's state for the UI and the text report, beside the polling store: immutable snapshots (the
// pure walkReducer's) and a change signal.
import {walkReducer, type WalkEvent, type WalkState} from '../panther/upgrade-walk.js';

export class WalkStore {
  private state: WalkState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: WalkState) {
    this.state = initial;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): WalkState => this.state;

  dispatch(event: WalkEvent): void {
    this.state = walkReducer(this.state, event);
    for (const l of this.listeners) l();
  }
}
