import { create } from 'zustand';
import { transport } from '../transport/current-transport.ts';
import { type InFlightAction, type InFlightState, reduceInFlight } from './in-flight-reducer.ts';

interface InFlightStore {
  requests: InFlightState;
  apply(action: InFlightAction): void;
}

export const useInFlight = create<InFlightStore>((set) => ({
  requests: {},
  apply: (action) => set((state) => ({ requests: reduceInFlight(state.requests, action) })),
}));

/** Follows pushed events; on every (re)connection takes a fresh snapshot, since events may have been missed. */
export function connectInFlight(): () => void {
  return transport().subscribe((event) => {
    useInFlight.getState().apply(event);
    if (event.type === 'hello') {
      transport()
        .call('inFlightRequests', {})
        .then(
          ({ requests }) => useInFlight.getState().apply({ type: 'snapshot', requests }),
          () => undefined,
        );
    }
  });
}
