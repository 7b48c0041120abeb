import type { VendorConfig, VendorKind } from '../../../src-shared/config-schema.ts';
import { createAnthropicAdapter } from './anthropic/adapter.ts';
import { createAntigravityAdapter } from './antigravity/adapter.ts';
import { createCopilotAdapter } from './copilot/adapter.ts';
import { createGeminiAdapter } from './gemini/adapter.ts';
import { createOpenAICompatibleAdapter } from './openai/adapter.ts';
import type { VendorAdapter, VendorServices } from './vendor-adapter.ts';

type Factory = (config: VendorConfig, services: VendorServices) => VendorAdapter;

const anthropicWire: Factory = (config) => createAnthropicAdapter(config);

/** Adding a vendor kind = adding its folder and one line here. */
const FACTORIES: Partial<Record<VendorKind, Factory>> = {
  anthropic: anthropicWire,
  'anthropic-compatible': anthropicWire,
  zhipu: anthropicWire,
  minimax: anthropicWire,
  alibaba: anthropicWire,
  xiaomi: anthropicWire,
  kimi: anthropicWire,
  doubao: anthropicWire,
  'openai-compatible': (config, services) => createOpenAICompatibleAdapter(config, services),
  copilot: (config, services) => createCopilotAdapter(config, services),
  gemini: (config, services) => createGeminiAdapter(config, services),
  antigravity: (config, services) => createAntigravityAdapter(config, services),
};

export function isSupportedKind(kind: VendorKind): boolean {
  return FACTORIES[kind] !== undefined;
}

export function createVendorAdapter(config: VendorConfig, services: VendorServices): VendorAdapter {
  const factory = FACTORIES[config.kind];
  if (!factory)
    throw new Error(`vendor "${config.name}": kind "${config.kind}" is not supported by this build`);
  return factory(config, services);
}
