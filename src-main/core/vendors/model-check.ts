// At start (and when a tier is added), read each tier's model list once and say — one line in the event log —
// when a model our mapping sends is not offered to this account. Otherwise the user learns it from a 404 that
// fails over on every request. A list that cannot be read stays quiet here; the dashboard shows why.
import type { ModelCatalogue } from './model-catalogue.ts';
import type { VendorAdapter } from './vendor-adapter.ts';

/** Claude Code's three families as it names them today; mapping rules are globs, so the exact ids do not matter. */
const PROBES = ['claude-opus-4-6', 'claude-sonnet-4-5', 'claude-haiku-4-5'];

export interface CheckedTier {
  name: string;
  enabled: boolean;
  adapter: Pick<VendorAdapter, 'mapModel' | 'config'> & { modelCatalogue?: ModelCatalogue };
}

/** The sentence to show, or undefined when every mapped model is offered (or the list is unknown). */
export async function unofferedModelsNotice(tier: CheckedTier): Promise<string | undefined> {
  const catalogue = tier.adapter.modelCatalogue;
  if (!catalogue) return undefined;
  const listing = await catalogue.refresh();
  if (listing.fetchedAt === undefined || listing.models.length === 0) return undefined;
  const targets = new Set([
    ...PROBES.map((probe) => tier.adapter.mapModel(probe)),
    ...tier.adapter.config.modelMap.map((rule) => rule.to),
  ]);
  const missing = [...targets].filter((model) => !catalogue.find(model));
  if (missing.length === 0) return undefined;
  const offered = listing.models
    .slice(0, 6)
    .map((model) => model.id)
    .join(', ');
  const more = listing.models.length > 6 ? ', …' : '';
  return (
    `${tier.name}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not offered to this account ` +
    `(it offers ${offered}${more}); requests mapped there will fail over — set modelMap on this vendor`
  );
}

/** Runs the check for every enabled tier in the background; `notice` gets one line per tier with a problem. */
export function checkOfferedModels(
  tiers: readonly CheckedTier[],
  notice: (tier: string, message: string) => void,
): void {
  for (const tier of tiers) {
    if (!tier.enabled || !tier.adapter.modelCatalogue) continue;
    void unofferedModelsNotice(tier).then(
      (message) => {
        if (message) notice(tier.name, message);
      },
      () => undefined,
    );
  }
}
