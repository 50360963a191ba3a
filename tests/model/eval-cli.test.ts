/** `brushwork eval` reports progress on stderr and one JSON line on stdout (needs ../shared/data, as CI has). */
import { describe, expect, it } from 'vitest';
import { brushwork } from '../helpers/cli';

describe('brushwork eval', () => {
  it('shows progress per photo and prints the scores once', () => {
    const r = brushwork([
      'eval',
      '--model',
      'starry-night',
      '--style',
      '../shared/data/styles/starry-night.jpg',
      '--limit',
      '2',
      '--style-size',
      '128',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('eval: 0/2 photos');
    expect(r.stderr).toContain('eval: 2/2 photos');
    const scores = JSON.parse(r.stdout.trim()) as { photos: number; style_gain: number };
    expect(scores.photos).toBe(2);
    expect(scores.style_gain).toBeGreaterThan(0);
  });

  it('--quiet keeps stderr empty', () => {
    const r = brushwork([
      'eval',
      '--model',
      'udnie',
      '--style',
      '../shared/data/styles/udnie.jpg',
      '--limit',
      '1',
      '--style-size',
      '64',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
