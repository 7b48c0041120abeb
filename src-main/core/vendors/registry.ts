import type { VendorConfig, VendorKind } from '../../../src-shared/config-schema.ts';
import { createAnthropicAdapter } from './anthropic/adapter.ts';
import { createAntigravityAdapter } from './antigravity/adapter.ts';
import { createCopilotAdapter } from './copilot/adapter.ts';
import { createGeminiAdapter } from './gemini/adapter.ts';
import { createOpenAICompatibleAdapter } from './openai/adapter.ts';
import type { VendorAdapter, VendorFactory, VendorServices } from './vendor-adapter.ts';

const anthropicWire: VendorFactory = (config, services) => createAnthropicAdapter(config, services);

/** Adding a vendor kind = adding its folder and one line here; a kind without a line does not compile. */
const FACTORIES: Record<VendorKind, VendorFactory> = {
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

export function createVendorAdapter(config: VendorConfig, services: VendorServices): VendorAdapter {
  return FACTORIES[config.kind](config, services);
}
