// What each vendor kind is, out of the box: base URL per region and plan, the auth header its docs name, the models
// Claude's families map to, their documented context windows, and where to get a key. One table for the core
// (`config/presets.ts`), the config validator (a `region`/`plan` the kind lacks is an error) and the dashboard's
// vendor form. Every value carries its source; docs/vendors.md has the same facts as a table for re-checking.
// Checked 2026-12 (issue 14); vendors move fast, so the model list is also read live where the vendor has one.
import type { AuthStyle, VendorKind } from './config-schema.ts';

/** The upstream model each Claude family is sent to when the user has not said otherwise. */
export interface FamilyModels {
  opus: string;
  sonnet: string;
  haiku: string;
}

export interface PresetChoice {
  id: string;
  label: string;
}

/** One base URL: for a plan, a region, or both (a kind without plans/regions has one endpoint). */
export interface PresetEndpoint {
  plan?: string;
  region?: string;
  baseUrl: string;
  /** When this endpoint authenticates differently from the kind's default. */
  authStyle?: AuthStyle;
  /** When this plan offers other models than the kind's default (Alibaba's Coding Plan). */
  models?: FamilyModels;
  /** Where a key for this endpoint is created; keys are bound to plan and region. */
  keyUrl?: string;
  source: string;
}

export interface DocumentedWindow {
  tokens: number;
  source: string;
}

export interface VendorPresetInfo {
  label: string;
  authStyle: AuthStyle;
  /** Absent: models pass through unchanged (or, for Copilot, its catalogue resolves them). */
  models?: FamilyModels;
  /** First entry is the default. */
  regions?: readonly PresetChoice[];
  plans?: readonly PresetChoice[];
  endpoints: readonly PresetEndpoint[];
  /** Input context windows of the default models, as the vendor documents them. */
  contextWindows?: Readonly<Record<string, DocumentedWindow>>;
  /** The vendor rejects Anthropic `cache_control` markers. */
  dropCacheControl: boolean;
  /** False when the vendor answers 400 to image or document blocks: such requests go to the next tier. */
  acceptsImages: boolean;
  /** Environment variable the generated config suggests for the key. */
  apiKeyEnv?: string;
  notes: readonly string[];
}

const CHINA = { id: 'china', label: 'China mainland' };
const GLOBAL = { id: 'global', label: 'International' };

export const VENDOR_PRESETS: Readonly<Record<VendorKind, VendorPresetInfo>> = {
  anthropic: {
    label: 'Anthropic',
    authStyle: 'x-api-key',
    endpoints: [
      {
        baseUrl: 'https://api.anthropic.com',
        keyUrl: 'https://console.anthropic.com/settings/keys',
        source: 'https://docs.claude.com/en/api/overview',
      },
    ],
    dropCacheControl: false,
    acceptsImages: true,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    notes: ['Without apiKey the tier relays Claude Code’s own credentials (API key or Claude plan sign-in).'],
  },
  'anthropic-compatible': {
    label: 'Anthropic-compatible',
    authStyle: 'both',
    endpoints: [],
    dropCacheControl: false,
    acceptsImages: true,
    notes: ['Any /v1/messages server; set baseUrl and, if needed, authStyle.'],
  },
  zhipu: {
    label: 'Zhipu GLM / Z.ai',
    // Z.ai's Claude Code guide sets ANTHROPIC_AUTH_TOKEN, i.e. Bearer.
    authStyle: 'bearer',
    models: { opus: 'glm-5.2', sonnet: 'glm-5.2', haiku: 'glm-4.5-air' },
    regions: [CHINA, GLOBAL],
    endpoints: [
      {
        region: 'china',
        baseUrl: 'https://open.bigmodel.cn/api/anthropic',
        keyUrl: 'https://open.bigmodel.cn/usercenter/apikeys',
        source:
          'Agents365-ai/dsclaude glmclaude (follows Zhipu’s Claude Code guide); vendors-protocols.md §1.4',
      },
      {
        region: 'global',
        baseUrl: 'https://api.z.ai/api/anthropic',
        keyUrl: 'https://z.ai/manage-apikey/apikey-list',
        source: 'Agents365-ai/dsclaude glmclaude (international host)',
      },
    ],
    contextWindows: {
      'glm-5.2': {
        tokens: 1_048_576,
        source: 'https://apidog.com/blog/glm-5-2-claude-code-cline-cursor (GLM-5.2: 1,048,576 tokens)',
      },
    },
    // GLM-5.1 rejects cache_control (tombii/better-ccflare#187).
    dropCacheControl: true,
    acceptsImages: true,
    apiKeyEnv: 'ZHIPU_API_KEY',
    notes: ['Keys of open.bigmodel.cn and z.ai are separate accounts: pick the region your key comes from.'],
  },
  minimax: {
    label: 'MiniMax',
    authStyle: 'x-api-key',
    models: { opus: 'MiniMax-M2.7', sonnet: 'MiniMax-M2.7', haiku: 'MiniMax-M2.7' },
    regions: [CHINA, GLOBAL],
    endpoints: [
      {
        region: 'china',
        baseUrl: 'https://api.minimaxi.com/anthropic',
        keyUrl: 'https://platform.minimaxi.com',
        source: 'https://platform.minimaxi.com/docs/api-reference/text-anthropic-api',
      },
      {
        region: 'global',
        baseUrl: 'https://api.minimax.io/anthropic',
        keyUrl: 'https://platform.minimax.io',
        source: 'https://docs.ccs.kaitran.ca/providers/minimax; Agents365-ai/dsclaude mxclaude',
      },
    ],
    contextWindows: {
      'MiniMax-M2.7': {
        tokens: 204_800,
        source:
          'https://docs.continue.dev/customize/model-providers/more/minimax (204K); LlamaIndex MiniMax docs (204,800)',
      },
    },
    dropCacheControl: false,
    // "messages partially supported: text and tool calls, no image/document input" (MiniMax Anthropic API doc).
    acceptsImages: false,
    apiKeyEnv: 'MINIMAX_API_KEY',
    notes: [
      'Keys are bound to their platform: a platform.minimax.io key fails on the China host and the reverse.',
      'No image or document input: such requests go to the next tier.',
    ],
  },
  alibaba: {
    label: 'Alibaba Qwen (Model Studio)',
    authStyle: 'x-api-key',
    models: { opus: 'qwen3.7-max', sonnet: 'qwen3.7-plus', haiku: 'qwen3.6-flash' },
    plans: [
      { id: 'coding', label: 'Coding Plan' },
      { id: 'pay-as-you-go', label: 'Pay-as-you-go' },
      { id: 'token', label: 'Token Plan (Team)' },
    ],
    regions: [GLOBAL, CHINA, { id: 'us', label: 'US (Virginia)' }],
    endpoints: [
      // "Coding Plan users must use dedicated base URLs and API keys"; the plan lags the public catalogue, so it
      // gets the model the plan documents as its default (qwen3.6-plus may be refused there).
      {
        plan: 'coding',
        region: 'global',
        baseUrl: 'https://coding-intl.dashscope.aliyuncs.com/apps/anthropic',
        models: { opus: 'qwen3.5-plus', sonnet: 'qwen3.5-plus', haiku: 'qwen3.5-plus' },
        keyUrl: 'https://modelstudio.console.alibabacloud.com',
        source: 'https://docs.openclaw.ai/providers/modelstudio (Coding Plan hosts, qwen3.5-plus default)',
      },
      {
        plan: 'coding',
        region: 'china',
        baseUrl: 'https://coding.dashscope.aliyuncs.com/apps/anthropic',
        models: { opus: 'qwen3.5-plus', sonnet: 'qwen3.5-plus', haiku: 'qwen3.5-plus' },
        keyUrl: 'https://bailian.console.aliyun.com',
        source: 'https://help.aliyun.com/en/model-studio/more-tools',
      },
      {
        plan: 'pay-as-you-go',
        region: 'global',
        baseUrl: 'https://dashscope-intl.aliyuncs.com/apps/anthropic',
        keyUrl: 'https://modelstudio.console.alibabacloud.com',
        source: 'https://www.alibabacloud.com/help/en/model-studio/claude-code',
      },
      {
        plan: 'pay-as-you-go',
        region: 'china',
        baseUrl: 'https://dashscope.aliyuncs.com/apps/anthropic',
        keyUrl: 'https://bailian.console.aliyun.com',
        source: 'https://www.alibabacloud.com/help/en/model-studio/base-url',
      },
      {
        plan: 'pay-as-you-go',
        region: 'us',
        baseUrl: 'https://dashscope-us.aliyuncs.com/apps/anthropic',
        source: 'https://www.alibabacloud.com/help/en/model-studio/base-url',
      },
      {
        plan: 'token',
        region: 'china',
        baseUrl: 'https://token-plan.cn-beijing.maas.aliyuncs.com/apps/anthropic',
        source: 'https://help.aliyun.com/en/model-studio/more-tools',
      },
    ],
    dropCacheControl: false,
    acceptsImages: true,
    apiKeyEnv: 'ALIBABA_API_KEY',
    notes: ['A base URL only accepts keys of its own plan and region (401 otherwise).'],
  },
  xiaomi: {
    label: 'Xiaomi MiMo',
    // MiMo documents `api-key` or Bearer, not x-api-key.
    authStyle: 'bearer',
    models: { opus: 'mimo-v2.5-pro', sonnet: 'mimo-v2.5-pro', haiku: 'mimo-v2.5' },
    plans: [
      { id: 'token', label: 'Token Plan (tp- keys)' },
      { id: 'pay-as-you-go', label: 'Pay-as-you-go (sk- keys)' },
    ],
    regions: [CHINA, { id: 'singapore', label: 'Singapore' }, { id: 'europe', label: 'Europe (Amsterdam)' }],
    endpoints: [
      {
        plan: 'token',
        region: 'china',
        baseUrl: 'https://token-plan-cn.xiaomimimo.com/anthropic',
        keyUrl: 'https://platform.xiaomimimo.com',
        source:
          'Agents365-ai/dsclaude mmclaude (tp- keys); docs.openclaw.ai/providers/xiaomi (token-plan-{cn,sgp,ams})',
      },
      {
        plan: 'token',
        region: 'singapore',
        baseUrl: 'https://token-plan-sgp.xiaomimimo.com/anthropic',
        source: 'https://docs.openclaw.ai/providers/xiaomi',
      },
      {
        plan: 'token',
        region: 'europe',
        baseUrl: 'https://token-plan-ams.xiaomimimo.com/anthropic',
        source: 'https://docs.openclaw.ai/providers/xiaomi',
      },
      {
        plan: 'pay-as-you-go',
        baseUrl: 'https://api.xiaomimimo.com/anthropic',
        keyUrl: 'https://platform.xiaomimimo.com',
        source: 'Agents365-ai/dsclaude mmclaude (follows MiMo’s Claude Code guide: sk- keys)',
      },
    ],
    dropCacheControl: false,
    acceptsImages: true,
    apiKeyEnv: 'XIAOMI_API_KEY',
    notes: ['Token Plan keys start with tp-, pay-as-you-go keys with sk-; each works only on its own host.'],
  },
  kimi: {
    label: 'Kimi',
    // Kimi For Coding authenticates with x-api-key only; Bearer alone is refused (kimi.com Claude Code guide).
    authStyle: 'x-api-key',
    models: { opus: 'kimi-for-coding', sonnet: 'kimi-for-coding', haiku: 'kimi-for-coding' },
    plans: [
      { id: 'coding', label: 'Kimi For Coding (sk-kimi- keys)' },
      { id: 'pay-as-you-go', label: 'Moonshot platform' },
    ],
    regions: [GLOBAL, CHINA],
    endpoints: [
      {
        plan: 'coding',
        baseUrl: 'https://api.kimi.com/coding',
        keyUrl: 'https://www.kimi.com/code/console',
        source: 'https://www.kimi.com/code/docs/en/third-party-tools/other-coding-agents.html',
      },
      {
        plan: 'pay-as-you-go',
        region: 'global',
        baseUrl: 'https://api.moonshot.ai/anthropic',
        authStyle: 'bearer',
        models: { opus: 'kimi-k2.5', sonnet: 'kimi-k2.5', haiku: 'kimi-k2.5' },
        keyUrl: 'https://platform.moonshot.ai',
        source: 'https://kimi-k25.com/blog/kimi-k2-5-claude-code',
      },
      {
        plan: 'pay-as-you-go',
        region: 'china',
        baseUrl: 'https://api.moonshot.cn/anthropic',
        authStyle: 'bearer',
        models: { opus: 'kimi-k2.5', sonnet: 'kimi-k2.5', haiku: 'kimi-k2.5' },
        keyUrl: 'https://platform.moonshot.cn',
        source: 'https://kimi-k25.com/blog/kimi-k2-5-claude-code',
      },
    ],
    // Reported to reject cache_control (routatic/proxy#56).
    dropCacheControl: true,
    acceptsImages: true,
    apiKeyEnv: 'KIMI_API_KEY',
    notes: ['sk-kimi- keys work only on api.kimi.com/coding; Moonshot platform keys only on api.moonshot.*.'],
  },
  doubao: {
    label: 'Doubao (Volcengine Ark)',
    authStyle: 'bearer',
    models: { opus: 'doubao-seed-2.0-code', sonnet: 'doubao-seed-2.0-pro', haiku: 'doubao-seed-2.0-lite' },
    plans: [{ id: 'coding', label: 'Ark Coding Plan' }],
    endpoints: [
      {
        plan: 'coding',
        baseUrl: 'https://ark.cn-beijing.volces.com/api/coding',
        keyUrl: 'https://console.volcengine.com/ark',
        source:
          'Agents365-ai/dsclaude arkclaude; https://www.volcengine.com/docs/82379/1928261 (via mastra.ai)',
      },
    ],
    dropCacheControl: false,
    acceptsImages: true,
    apiKeyEnv: 'ARK_API_KEY',
    notes: [
      'The Coding Plan host also serves other vendors’ models (kimi-k2.7-code, glm-5.2, deepseek-v4-pro…): map them in modelMap.',
    ],
  },
  copilot: {
    label: 'GitHub Copilot',
    authStyle: 'bearer',
    endpoints: [],
    // Kept for Claude on Copilot's /v1/messages (prompt caching); the chat and responses converters never emit it.
    dropCacheControl: false,
    acceptsImages: true,
    notes: ['Models come from Copilot’s own /models list; GPT-5-class models are served on /responses.'],
  },
  'openai-compatible': {
    label: 'OpenAI-compatible',
    authStyle: 'bearer',
    endpoints: [],
    dropCacheControl: true,
    acceptsImages: true,
    notes: ['Any /chat/completions server; set baseUrl (e.g. https://openrouter.ai/api/v1).'],
  },
  gemini: {
    label: 'Google Gemini (API key)',
    authStyle: 'x-api-key',
    // gemini-2.5-pro/flash are deprecated and closed to new users; Google names these as their replacements.
    models: { opus: 'gemini-3.8-flash', sonnet: 'gemini-3.8-flash', haiku: 'gemini-3.5-flash-lite' },
    endpoints: [
      {
        baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
        keyUrl: 'https://aistudio.google.com/apikey',
        source:
          'https://ai.google.dev/gemini-api/docs/deprecations (2.5-pro → 3.8-flash, 2.5-flash → 3.5-flash-lite)',
      },
    ],
    contextWindows: {
      'gemini-3.8-flash': {
        tokens: 1_048_576,
        source:
          'ai.google.dev/gemini-api/docs/models/gemini-3.8-flash (as captured by docs.apiyi.com, 2026-09-03)',
      },
      'gemini-3.5-flash-lite': {
        tokens: 1_048_576,
        source: 'router-for-me/CLIProxyAPI internal/registry/models/models.json @a7e3596',
      },
    },
    dropCacheControl: true,
    acceptsImages: true,
    apiKeyEnv: 'GEMINI_API_KEY',
    notes: ['Free-tier keys have per-minute and per-day request caps per model.'],
  },
  antigravity: {
    label: 'Google Antigravity',
    authStyle: 'bearer',
    // The Antigravity catalogue has no Gemini 2.5 models (CPA registry; fetchAvailableModels).
    models: { opus: 'claude-opus-4-6-thinking', sonnet: 'claude-sonnet-4-6', haiku: 'gemini-3-flash' },
    endpoints: [
      {
        baseUrl: 'https://daily-cloudcode-pa.googleapis.com',
        source:
          'router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor_request.go @a7e3596 (daily host first)',
      },
    ],
    contextWindows: {
      'claude-opus-4-6-thinking': {
        tokens: 200_000,
        source: 'router-for-me/CLIProxyAPI internal/registry/models/models.json @a7e3596',
      },
      'claude-sonnet-4-6': {
        tokens: 200_000,
        source: 'router-for-me/CLIProxyAPI internal/registry/models/models.json @a7e3596',
      },
      'gemini-3-flash': {
        tokens: 1_048_576,
        source: 'router-for-me/CLIProxyAPI internal/registry/models/models.json @a7e3596',
      },
    },
    dropCacheControl: true,
    acceptsImages: true,
    notes: [
      'Uses a Google account through Antigravity’s own OAuth client; Google has suspended accounts for use outside its apps.',
    ],
  },
};

/** The endpoint a kind uses for a `plan`/`region` choice (defaults: the first plan and region listed). */
export function presetEndpoint(
  kind: VendorKind,
  choice: { plan?: string | undefined; region?: string | undefined } = {},
): PresetEndpoint | undefined {
  const preset = VENDOR_PRESETS[kind];
  const plan = choice.plan ?? preset.plans?.[0]?.id;
  const forPlan = preset.endpoints.filter((endpoint) => endpoint.plan === plan);
  if (forPlan.length <= 1 && choice.region === undefined) return forPlan[0];
  const region = choice.region ?? preset.regions?.find((r) => forPlan.some((e) => e.region === r.id))?.id;
  return forPlan.find((endpoint) => endpoint.region === undefined || endpoint.region === region);
}

/** A sentence naming the valid choices when `plan`/`region` does not exist for the kind, else undefined. */
export function presetChoiceProblem(
  kind: VendorKind,
  choice: { plan?: string | undefined; region?: string | undefined },
): { field: 'plan' | 'region'; message: string } | undefined {
  const preset = VENDOR_PRESETS[kind];
  const names = (list: readonly PresetChoice[] | undefined) => (list ?? []).map((entry) => entry.id);
  if (choice.plan !== undefined && !names(preset.plans).includes(choice.plan)) {
    const valid = names(preset.plans);
    const message = valid.length
      ? `kind ${kind} has no plan "${choice.plan}" (valid: ${valid.join(', ')})`
      : `kind ${kind} has no plans; remove "plan"`;
    return { field: 'plan', message };
  }
  if (choice.region !== undefined) {
    const plan = choice.plan ?? preset.plans?.[0]?.id;
    const regions = preset.endpoints
      .filter((e) => e.plan === plan && e.region)
      .map((e) => e.region as string);
    if (!regions.includes(choice.region)) {
      const where = preset.plans ? ` on plan ${plan}` : '';
      const message = regions.length
        ? `kind ${kind} has no region "${choice.region}"${where} (valid: ${regions.join(', ')})`
        : `kind ${kind} has no regions${where}; remove "region"`;
      return { field: 'region', message };
    }
  }
  return undefined;
}
