/** The campaign's runner arguments, chart and table (#20), on a plan and milestones made up here. */
import { describe, expect, it } from 'vitest';
import { type Plan, runDir, trainArgs } from '../../scripts/campaign';
import { campaignTable, chartSvg, PANELS } from '../../scripts/campaign-chart';
import type { Milestone } from '../../src/training/milestones';

const plan: Plan = {
  parallel: 2,
  measureEvery: 250,
  measurePhotos: 8,
  runs: [
    { id: 'sn-a', style: 'starry-night', steps: 4000, workers: 1, args: ['--arch', 'shuffle'], active: true, why: 'test' },
    { id: 'gw-b', style: 'great-wave', steps: 2000, workers: 1, args: [], active: false, why: 'test' },
  ],
};

const milestone = (step: number, relu3_3: number): Milestone => ({
  step,
  cpu_min: step / 10,
  photos: 8,
  content_err: 0.6,
  style_gain: 0.7,
  relu3_3,
  half: 0.2,
  palette: 0.3,
  holes: 0.001,
  holes_worst: 0.01,
});

/** sn-a's first milestone predates the grain measure (#20's lines have none); its second has it (#28). */
const milestones = (id: string) => (id === 'sn-a' ? [milestone(250, 0.3), { ...milestone(500, 0.45), grain_ratio: 0.6 }] : []);

describe('campaign runner', () => {
  it('starts a fresh run with its plan options and the shared painting', () => {
    const args = trainArgs(plan, plan.runs[0] as Plan['runs'][number]);
    expect(args.slice(0, 5)).toEqual(['train', '--style', '../shared/data/styles/starry-night.jpg', '--id', 'starry-night']);
    expect(args).toEqual(
      expect.arrayContaining(['--work', runDir('sn-a'), '--steps', '4000', '--measure-every', '250', '--arch', 'shuffle']),
    );
  });
});

describe('campaign chart and table', () => {
  it('draws one line per run with points in every panel, and a dashed target per panel', () => {
    const svg = chartSvg(plan, milestones);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(PANELS.length); // one run has points, one panel each
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(PANELS.length);
    // Two points in every panel but the grain's, where only the milestone that measured it is drawn (no NaN).
    expect(svg.match(/<circle/g)).toHaveLength(2 * PANELS.length - 1);
    expect(svg).not.toContain('NaN');
    expect(svg).toContain('sn-a');
    expect(svg).toContain('gw-b'); // in the legend even before its first milestone
  });

  it('tabulates each run at its latest milestone and skips runs without one', () => {
    const table = campaignTable(plan, milestones).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toBe('| sn-a | starry-night | 500 | 50 | 0.45 | 0.2 | 0.7 | 0.3 | 0.6 | 1.00 % | 8 |');
  });
});
