/** Where a painted CSS background goes, by what is known of the page's CSP (#30): only 'allowed' writes a data: picture. */
import { describe, expect, it } from 'vitest';
import { backgroundPlacement, noLayerPolicyBlocks, noLayerPolicyUnknown } from '../../src/page/surfaces/background-placement';

const NO_LAYER_POLICY_UNKNOWN = noLayerPolicyUnknown();
const NO_LAYER_POLICY_BLOCKS = noLayerPolicyBlocks();

describe('backgroundPlacement', () => {
  it('writes the inline data: picture only where every policy is known to allow it', () => {
    expect(backgroundPlacement('allowed', true)).toEqual({ mode: 'style' });
    expect(backgroundPlacement('allowed', false)).toEqual({ mode: 'style' });
  });

  it('puts it on the canvas layer where the policy is unknown or blocks data:, if the element can hold one', () => {
    expect(backgroundPlacement('unknown', true)).toEqual({ mode: 'canvas' });
    expect(backgroundPlacement('blocked', true)).toEqual({ mode: 'canvas' });
  });

  it('leaves an element that cannot hold the layer as it is, never trying an unseen policy', () => {
    expect(backgroundPlacement('unknown', false)).toEqual({ skip: NO_LAYER_POLICY_UNKNOWN });
    expect(backgroundPlacement('blocked', false)).toEqual({ skip: NO_LAYER_POLICY_BLOCKS });
  });

  it('says why in one sentence, and that allowing Brushwork on the site lets it paint where it could not see the policy', () => {
    for (const reason of [NO_LAYER_POLICY_UNKNOWN, NO_LAYER_POLICY_BLOCKS]) expect(reason.split(/\.\s/)).toHaveLength(1);
    expect(NO_LAYER_POLICY_UNKNOWN).toMatch(/allowing Brushwork on this site lets it paint/);
    expect(NO_LAYER_POLICY_BLOCKS).not.toMatch(/allowing Brushwork/);
  });
});
