import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VENDOR_PRESETS } from '../../../src-shared/vendor-presets.ts';
import { DEFAULT_CONFIG_YAML } from './default-config.ts';
import { parseConfigText } from './load-config.ts';

/** The commented `key: value` examples inside the vendors list, as a user would uncomment them. */
const EXAMPLE = /^( {4})# ([A-Za-z]+): (.+?)(\s+#.*)?$/;

function uncommented(lines: readonly number[]): string {
  return DEFAULT_CONFIG_YAML.split('\n')
    .map((line, index) => (lines.includes(index) ? line.replace(EXAMPLE, '$1$2: $3') : line))
    .join('\n');
}

describe('the generated config.yaml', () => {
  const examples = DEFAULT_CONFIG_YAML.split('\n').flatMap((line, index) =>
    EXAMPLE.test(line) ? [index] : [],
  );
  const env = { ZHIPU_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' };

  it('parses as it is written, and with every commented example uncommented, one by one and all together', () => {
    parseConfigText(DEFAULT_CONFIG_YAML, 'config.yaml', env);
    assert.ok(examples.length >= 4, `found ${examples.length} examples`);
    for (const index of examples) parseConfigText(uncommented([index]), 'config.yaml', env);
    const { config } = parseConfigText(uncommented(examples), 'config.yaml', env);
    const glm = config.vendors.find((vendor) => vendor.kind === 'zhipu');
    assert.equal(glm?.region, VENDOR_PRESETS.zhipu.regions?.[0]?.id);
  });

  it("suggests the presets' own models, regions and plans (no model the proxy moved away from)", () => {
    const { config } = parseConfigText(uncommented(examples), 'config.yaml', env);
    const glm = config.vendors.find((vendor) => vendor.kind === 'zhipu');
    const preset = VENDOR_PRESETS.zhipu;
    const presetModels = Object.values(preset.models ?? {});
    for (const rule of glm?.modelMap ?? [])
      assert.ok(presetModels.includes(rule.to), `${rule.to} is a preset model`);
    assert.equal(glm?.modelMap.length, 1);
    for (const region of preset.regions ?? [])
      assert.match(DEFAULT_CONFIG_YAML, new RegExp(`\\b${region.id}\\b`));
    for (const [kind, info] of Object.entries(VENDOR_PRESETS))
      for (const plan of info.plans ?? [])
        assert.ok(DEFAULT_CONFIG_YAML.includes(plan.id), `${kind} plan ${plan.id}`);
  });
});
