/** `brushwork train`'s #28 options become loss weights, recorded only when on (old configurations stay as they were). */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import { trainConfigFromArgs } from '../../src/cli/train-config';

const base = { style: 'painting.jpg', out: 'out/my-style', init: 'none' };

describe('train options of the grain, holes and stability terms', () => {
  it('sets the weights and the move and noise of the stability term, and leaves them out when not given', () => {
    const w = trainConfigFromArgs({
      ...base,
      'grain-weight': '0.01',
      'holes-weight': '5',
      'stability-weight': '0.1',
      'stability-shift': '2',
      'stability-noise': '3',
    }).weights;
    expect(w).toMatchObject({ grain: 0.01, holes: 5, stability: 0.1, stabilityShift: 2, stabilityNoise: 3 });
    // Not given: left out, so checkpoints and model.json keep their old shape.
    const plain = trainConfigFromArgs(base).weights;
    for (const key of ['grain', 'holes', 'stability', 'stabilityShift', 'stabilityNoise']) expect(plain).not.toHaveProperty(key);
  });

  it('refuses a move beyond 3 pixels or a negative weight, naming the option', () => {
    expect(() => trainConfigFromArgs({ ...base, 'stability-shift': '4' })).toThrow(UsageError);
    expect(() => trainConfigFromArgs({ ...base, 'stability-shift': '4' })).toThrow(/--stability-shift: expected an integer from 0 to 3/);
    expect(() => trainConfigFromArgs({ ...base, 'grain-weight': '-1' })).toThrow(/--grain-weight/);
    expect(() => trainConfigFromArgs({ ...base, 'holes-weight': '-1' })).toThrow(/--holes-weight/);
  });
});
