import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useState } from 'react';
import type { TierStatus } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { HealthHeader } from '../components/HealthHeader.tsx';
import { InFlightPanel } from '../components/InFlightPanel.tsx';
import { TierCard } from '../components/TierCard.tsx';
import { TodayStrip } from '../components/TodayStrip.tsx';
import { useVendorStates } from '../data/vendor-states.ts';
import { useHealth } from '../hooks/use-health.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT, useUi } from '../stores/ui-store.ts';
import { SignInPanel } from './SignInPanel.tsx';

export function TierBoard() {
  const t = useT();
  const state = useTiers();
  const compact = useUi((ui) => ui.compact);
  const editVendor = useUi((ui) => ui.editVendor);
  const vendorStates = useVendorStates();
  const { health, tiers, now, loaded } = useHealth();
  const [signingIn, setSigningIn] = useState<TierStatus | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = (event: DragEndEvent) => {
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    void state.reorder(String(active.id), state.order.indexOf(String(over.id)));
  };

  return (
    <section className="view">
      {loaded && <HealthHeader health={health} tiers={tiers} now={now} />}
      <TodayStrip />
      <InFlightPanel />
      <header className="view-head">
        <div>
          <h2>{t('tiers.heading')}</h2>
          {!compact && <p className="muted small">{t('tiers.hint')}</p>}
        </div>
        <button
          type="button"
          className="button"
          data-testid="reset-all"
          onClick={() => void state.resetAll()}
        >
          {t('tiers.resetAll')}
        </button>
      </header>
      {state.actionError && <ErrorNote title={t('error.prefix')} message={state.actionError} />}
      {signingIn && (
        <SignInPanel key={signingIn.name} vendor={signingIn} onClose={() => setSigningIn(null)} />
      )}
      {state.lastFailover && (
        <p className="failover-note" data-testid="last-failover">
          {t('tiers.lastFailover', {
            from: state.lastFailover.from,
            to: state.lastFailover.to ?? t('tiers.nobody'),
            reason: state.lastFailover.reason,
          })}
        </p>
      )}
      {!loaded ? (
        <p className="muted" data-testid="loading">
          {t('tiers.loading')}
        </p>
      ) : tiers.length === 0 ? (
        <p className="muted">{t('tiers.none')}</p>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={state.order} strategy={verticalListSortingStrategy}>
            <ol className="tier-list" data-testid="tier-list">
              {tiers.map((tier, index) => (
                <TierCard
                  key={tier.name}
                  tier={tier}
                  position={index + 1}
                  serving={health.servingTier === tier.name}
                  now={now}
                  onSignIn={setSigningIn}
                  onEditVendor={() => editVendor(tier.name)}
                  notices={vendorStates.byName.get(tier.name)?.notices}
                  account={vendorStates.byName.get(tier.name)?.signIn?.account}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
    </section>
  );
}
