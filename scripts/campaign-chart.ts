/**
 * The campaign's picture and table (#20), generated from the committed logs:
 * docs/campaign.svg plots every run's milestone measures against steps, one
 * panel per measure with its target dashed, so a reader sees at a glance which
 * runs are still climbing; the table between the campaign markers in
 * docs/training.md gives each run's latest milestone.
 *
 *   npm run campaign:chart
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Milestone } from '../src/training/milestones';
import { type Plan, readPlan, runDir } from './campaign';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Panel {
  key: keyof Milestone;
  title: string;
  target: number;
  /** Lower is better (content_err, holes_worst). */
  lower?: boolean;
  /** Axis range: gains can be negative early on (the output further from the painting than the photo). */
  min: number;
  max: number;
}

/** #28's targets on the validation photos (#20's were 0.55 / 0.50 / 0.70 / 0.45, holes 0.2 %). */
export const PANELS: Panel[] = [
  { key: 'relu3_3', title: 'relu3_3 gain (≥ 0.60)', target: 0.6, min: -0.5, max: 1 },
  { key: 'half', title: 'half-scale gain (≥ 0.55)', target: 0.55, min: -0.5, max: 1 },
  { key: 'style_gain', title: 'overall gain (≥ 0.75)', target: 0.75, min: -0.5, max: 1 },
  { key: 'palette', title: 'palette gain (≥ 0.50)', target: 0.5, min: -0.5, max: 1 },
  { key: 'content_err', title: 'content_err (≤ 0.75)', target: 0.75, lower: true, min: 0, max: 1.2 },
  { key: 'holes_worst', title: 'holes_worst (≤ 0.5 %)', target: 0.005, lower: true, min: 0, max: 0.05 },
  // Measured from #28 on: older milestones have no point here.
  { key: 'grain_ratio', title: "grain × photos' (≤ 1.25)", target: 1.25, lower: true, min: 0, max: 4 },
];

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

export function readMilestones(id: string): Milestone[] {
  const file = path.join(runDir(id), 'measures.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Milestone);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chartSvg(plan: Plan, milestonesOf: (id: string) => Milestone[] = readMilestones): string {
  const runs = plan.runs.map((r, i) => ({ id: r.id, colour: COLOURS[i % COLOURS.length] as string, points: milestonesOf(r.id) }));
  const maxStep = Math.max(100, ...runs.flatMap((r) => r.points.map((p) => p.step)));
  const W = 300;
  const H = 170;
  const pad = { l: 40, r: 10, t: 22, b: 24 };
  const cols = 3;
  const legendH = 18 * Math.ceil(runs.length / 3) + 10;
  const parts: string[] = [];
  PANELS.forEach((panel, k) => {
    const ox = (k % cols) * W;
    const oy = Math.floor(k / cols) * H;
    const x = (step: number) => ox + pad.l + (step / maxStep) * (W - pad.l - pad.r);
    const clamped = (v: number) => Math.max(panel.min, Math.min(v, panel.max));
    const y = (v: number) => oy + H - pad.b - ((clamped(v) - panel.min) / (panel.max - panel.min)) * (H - pad.t - pad.b);
    parts.push(`<text x="${ox + pad.l}" y="${oy + 15}" font-size="12" font-weight="bold">${esc(panel.title)}</text>`);
    parts.push(
      `<rect x="${ox + pad.l}" y="${oy + pad.t}" width="${W - pad.l - pad.r}" height="${H - pad.t - pad.b}" fill="none" stroke="#999"/>`,
    );
    for (const v of [...new Set([panel.min, 0, panel.max / 2, panel.max])]) {
      parts.push(`<text x="${ox + pad.l - 4}" y="${y(v) + 4}" font-size="9" text-anchor="end">${Number(v.toPrecision(2))}</text>`);
    }
    parts.push(`<text x="${ox + W - pad.r}" y="${oy + H - 8}" font-size="9" text-anchor="end">${maxStep} steps</text>`);
    parts.push(
      `<line x1="${ox + pad.l}" x2="${ox + W - pad.r}" y1="${y(panel.target)}" y2="${y(panel.target)}" stroke="#444" stroke-dasharray="4 3"/>`,
    );
    for (const run of runs) {
      const measured = run.points.filter((p) => typeof p[panel.key] === 'number');
      if (!measured.length) continue;
      const pts = measured.map((p) => `${x(p.step).toFixed(1)},${y(p[panel.key] as number).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${pts}" fill="none" stroke="${run.colour}" stroke-width="1.6"/>`);
      for (const p of measured)
        parts.push(`<circle cx="${x(p.step).toFixed(1)}" cy="${y(p[panel.key] as number).toFixed(1)}" r="2" fill="${run.colour}"/>`);
    }
  });
  const top = Math.ceil(PANELS.length / cols) * H + 6;
  runs.forEach((run, i) => {
    const lx = (i % 3) * W + pad.l;
    const ly = top + Math.floor(i / 3) * 18 + 10;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="14" height="4" fill="${run.colour}"/>`);
    parts.push(`<text x="${lx + 20}" y="${ly - 3}" font-size="11">${esc(run.id)}</text>`);
  });
  const width = cols * W;
  const height = top + legendH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    '<title>Brushwork training campaign: measures on the first 8 validation photos against steps, one line per run, targets dashed</title>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

export function campaignTable(plan: Plan, milestonesOf: (id: string) => Milestone[] = readMilestones): string {
  const rows = [
    '| run | style | steps | core-min | relu3_3 | half | overall | palette | content_err | holes_worst | photos |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of plan.runs) {
    const last = milestonesOf(run.id).at(-1);
    if (!last) continue;
    rows.push(
      `| ${run.id} | ${run.style} | ${last.step} | ${last.cpu_min} | ${last.relu3_3} | ${last.half} | ${last.style_gain} | ${last.palette} | ${last.content_err} | ${pct(last.holes_worst)} | ${last.photos} |`,
    );
  }
  return rows.join('\n');
}

const START = '<!-- campaign:start (npm run campaign:chart) -->';
const END = '<!-- campaign:end -->';

function main(): void {
  const plan = readPlan();
  writeFileSync(path.join(ROOT, 'docs', 'campaign.svg'), chartSvg(plan));
  const doc = path.join(ROOT, 'docs', 'training.md');
  const text = readFileSync(doc, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${doc}: expected the markers ${START} … ${END}, found none`);
  writeFileSync(doc, `${text.slice(0, a + START.length)}\n\n${campaignTable(plan)}\n\n${text.slice(b)}`);
  console.log(`wrote docs/campaign.svg and the table in docs/training.md (${plan.runs.length} runs)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
