import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allDisabledWarning, disabledPromotedNote, formatTierOrder } from './status-format.ts';

const tiers = [
  { name: 'a', enabled: true },
  { name: 'b', enabled: false },
  { name: 'c', enabled: false },
];

describe('tier order text', () => {
  it('marks disabled tiers', () => {
    assert.equal(formatTierOrder(tiers), 'a → b [disabled] → c [disabled]');
  });

  it('warns only when every tier is disabled', () => {
    assert.equal(allDisabledWarning(tiers), undefined);
    assert.match(allDisabledWarning(tiers.slice(1)) ?? '', /every tier is disabled/);
    assert.equal(allDisabledWarning([]), undefined);
  });

  it('notes disabled tiers that reset -v put first', () => {
    assert.equal(disabledPromotedNote(tiers, ['a']), undefined);
    assert.match(disabledPromotedNote(tiers, ['b', 'a']) ?? '', /^note: b is disabled, so requests skip it/);
    assert.match(
      disabledPromotedNote(tiers, ['c', 'b']) ?? '',
      /^note: c, b are disabled, so requests skip them/,
    );
  });
});
