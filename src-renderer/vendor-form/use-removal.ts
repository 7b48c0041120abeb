// Remove with undo, from the page's side. The core removes at once and holds the entry (and its secrets) in memory
// for an undo token; this page offers Undo for a short while and then tells the core to let go — also when the
// view closes or the page goes away — so the removed secrets live no longer than the Undo button.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RemovedVendor } from '../../src-shared/contract.ts';
import { transport } from '../transport/current-transport.ts';

/** How long the Undo button stays (the core's own limit is longer: 2 minutes). */
export const UNDO_VISIBLE_MS = 20_000;

export interface Removal {
  pending: RemovedVendor | null;
  remove(name: string): Promise<void>;
  undo(): Promise<{ name: string; position: number }>;
  dismiss(): void;
}

function forget(removed: RemovedVendor | null): void {
  if (!removed) return;
  void transport()
    .call('forgetRemovedVendor', { undoToken: removed.undoToken })
    .catch(() => undefined);
}

export function useRemoval(): Removal {
  const [pending, setPending] = useState<RemovedVendor | null>(null);
  const current = useRef<RemovedVendor | null>(null);
  current.current = pending;

  const dismiss = useCallback(() => {
    forget(current.current);
    setPending(null);
  }, []);

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(dismiss, Math.min(UNDO_VISIBLE_MS, Math.max(0, pending.expiresAt - Date.now())));
    return () => clearTimeout(timer);
  }, [pending, dismiss]);

  useEffect(() => {
    const leave = () => forget(current.current);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  return {
    pending,
    async remove(name) {
      forget(current.current);
      const removed = await transport().call('removeVendorWithUndo', { name });
      setPending(removed);
    },
    async undo() {
      const removed = current.current;
      if (!removed) throw new Error('nothing to undo');
      const result = await transport().call('undoRemoveVendor', { undoToken: removed.undoToken });
      setPending(null);
      return result;
    },
    dismiss,
  };
}
