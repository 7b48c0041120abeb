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
import { ErrorNote } from '../components/ErrorNote.tsx';
import { TierCard } from '../components/TierCard.tsx';
import { useNow } from '../hooks/use-now.ts';
import { orderedTiers } from '../stores/tiers-reducer.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT } from '../stores/ui-store.ts';

export function TierBoard() {
  const t = useT();
  const state = useTiers();
  const tiers = orderedTiers(state);
  // The ticker runs only while some countdown is visible.
  const now = useNow(tiers.some((tier) => tier.circuit.state === 'open' || tier.quota.length > 0));
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
      <header className="view-head">
        <div>
          <h2>{t('tiers.heading')}</h2>
          <p className="muted small">{t('tiers.hint')}</p>
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
      {state.lastFailover && (
        <p className="failover-note" data-testid="last-failover">
          {t('tiers.lastFailover', {
            from: state.lastFailover.from,
            to: state.lastFailover.to ?? t('tiers.nobody'),
            reason: state.lastFailover.reason,
          })}
        </p>
      )}
      {!state.loaded ? (
        <p className="muted">{t('tiers.loading')}</p>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={state.order} strategy={verticalListSortingStrategy}>
            <ol className="tier-list" data-testid="tier-list">
              {tiers.map((tier, index) => (
                <TierCard
                  key={tier.name}
                  tier={tier}
                  position={index + 1}
                  serving={state.activeTier === tier.name}
                  now={now}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
    </section>
  );
}
