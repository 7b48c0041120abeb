// Written to <data-dir>/config.yaml on first run. Comments explain every key so the file is its own manual. The
// vendor examples (regions, plans, models, base URL) are read from the presets the proxy itself uses
// (src-shared/vendor-presets.ts), so the file never suggests a model or host the proxy has moved away from.
import { VENDOR_PRESETS } from '../../../src-shared/vendor-presets.ts';

const GLM = VENDOR_PRESETS.zhipu;
const GLM_REGIONS = (GLM.regions ?? []).map((region) => region.id);
const GLM_DEFAULT_URL = GLM.endpoints.find((endpoint) => endpoint.region === GLM_REGIONS[0])?.baseUrl ?? '';
const GLM_SONNET = GLM.models?.sonnet ?? '';
/** `alibaba (coding | payg), kimi (…)`: the kinds whose key belongs to a plan. */
const PLAN_KINDS = Object.entries(VENDOR_PRESETS)
  .filter(([, preset]) => preset.plans?.length)
  .map(([kind, preset]) => `${kind} (${preset.plans?.map((plan) => plan.id).join(' | ')})`)
  .join(',\n    #   ');

export const DEFAULT_CONFIG_YAML = `# coding-proxy configuration. Point Claude Code at the proxy:
#   export ANTHROPIC_BASE_URL=http://127.0.0.1:8046
# Every request tries the tiers in order; on 429 / 403 usage cap / 5xx / 529 / network error / timeout it moves on.

server:
  host: 127.0.0.1        # loopback only; the proxy refuses requests whose Host is not local
  port: 8046

# Failover order by vendor name (absent: the order of the vendors list). Disabled vendors are skipped.
tiers: [anthropic, glm]

vendors:
  # Anthropic with Claude Code's own credentials (API key or Claude plan login) — no key needed here.
  # Set apiKey to use a key of your own instead.
  - name: anthropic
    kind: anthropic
    # apiKey: \${ANTHROPIC_API_KEY}
    circuitBreaker: { failureThreshold: 3, recoveryTimeoutSeconds: 300, successThreshold: 2, maxRecoveryTimeoutSeconds: 3600 }
    # quotaGuards: [ { windowHours: 5, tokenBudget: 65000000, thresholdPercent: 99, probeIntervalSeconds: 300 } ]

  # Zhipu GLM through its Anthropic-compatible endpoint. Enable it and export ZHIPU_API_KEY.
  - name: glm
    kind: zhipu          # anthropic | anthropic-compatible | zhipu | minimax | alibaba | xiaomi | kimi | doubao
                         # | copilot | openai-compatible | gemini | antigravity
    enabled: false
    apiKey: \${${GLM.apiKeyEnv}}
    # region: ${GLM_REGIONS[0]}        # ${GLM_REGIONS.join(' | ')}: picks the base URL (and where the key must come from)
    # Kinds sold as plans also take plan: (the key belongs to one):
    #   ${PLAN_KINDS}
    # baseUrl: ${GLM_DEFAULT_URL}    # region/plan pick one; set it only for another host
    # modelMap: [ { match: "claude-sonnet-*", to: "${GLM_SONNET}" } ]   # exact, glob or /regex/; first match wins
    timeoutMs: 300000

failover:
  statusCodes: [429, 403, 500, 502, 503, 504, 529]
  errorTypes: [rate_limit_error, overloaded_error, api_error]
  messagePatterns: [quota, usage cap, limit exceeded, capacity]

ledger:
  retentionDays: 365
`;
