/**
 * The training campaign's runner (#20): starts or resumes every active run of
 * campaign/plan.json, under `nice -n 19` so builds and tests keep priority,
 * `parallel` at a time, until each reaches its steps or `--minutes` runs out;
 * then interrupts them (each saves a checkpoint) and exits. The next session
 * runs the same command and every run continues exactly where it stopped.
 *
 *   nohup npm run campaign -- --minutes 165 > .brushwork/campaign.log 2>&1 &
 *
 * Work folders (checkpoint, per-step log, milestone measures) live in
 * campaign/runs/<id>/ and are committed; previews are rendered from the shared
 * validation photos, so they stay in the ignored .brushwork/ folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface PlannedRun {
  id: string;
  /** Style id: the painting is ../shared/data/styles/<style>.jpg unless `painting` says otherwise. */
  style: string;
  painting?: string;
  /** The run's total steps (it can be raised later: the schedule follows). */
  steps: number;
  workers: number;
  /** `brushwork train` options for a fresh start (architecture, loss weights…); a resumed run keeps its checkpoint's. */
  args: string[];
  /** Inactive runs stay in the plan as the campaign's record. */
  active: boolean;
  /** Why this run exists: the question it answers. */
  why: string;
}

export interface Plan {
  parallel: number;
  measureEvery: number;
  measurePhotos: number;
  runs: PlannedRun[];
}

const ROOT = path.resolve(import.meta.dirname, '..');
const PLAN = path.join(ROOT, 'campaign', 'plan.json');

export function readPlan(file = PLAN): Plan {
  return JSON.parse(readFileSync(file, 'utf8')) as Plan;
}

export function runDir(id: string): string {
  return path.join(ROOT, 'campaign', 'runs', id);
}

/** The `brushwork train` arguments that start or resume a run. */
export function trainArgs(plan: Plan, run: PlannedRun): string[] {
  const work = runDir(run.id);
  const checkpoint = path.join(work, 'checkpoint.json');
  const common = [
    '--out',
    path.join(ROOT, '.brushwork', 'campaign', 'models', run.id),
    '--work',
    work,
    '--steps',
    String(run.steps),
    '--workers',
    String(run.workers),
    '--measure-every',
    String(plan.measureEvery),
    '--measure-photos',
    String(plan.measurePhotos),
    // Previews are rendered from the shared validation photos: outside the repository, never committed or zipped.
    '--previews',
    path.join(ROOT, '.brushwork', 'campaign', 'previews', run.id),
  ];
  if (existsSync(checkpoint)) return ['train', '--resume', checkpoint, ...common];
  const painting = run.painting ?? path.join('..', 'shared', 'data', 'styles', `${run.style}.jpg`);
  return ['train', '--style', painting, '--id', run.style, ...common, ...run.args];
}

function start(plan: Plan, run: PlannedRun): ChildProcess {
  mkdirSync(runDir(run.id), { recursive: true });
  const args = trainArgs(plan, run);
  console.log(`[campaign] ${new Date().toISOString()} ${run.id}: brushwork ${args.join(' ')}`);
  const child = spawn('nice', ['-n', '19', process.execPath, path.join(ROOT, 'bin', 'brushwork.mjs'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '170' }, plan: { type: 'string' } } });
  const plan = readPlan(values.plan ?? PLAN);
  const deadline = Date.now() + Number(values.minutes) * 60_000;
  const queue = plan.runs.filter((r) => r.active);
  const running = new Set<ChildProcess>();
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    // SIGINT: the trainer finishes its step, saves a checkpoint and exits.
    for (const c of running) c.kill('SIGINT');
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  const timer = setTimeout(stopAll, Math.max(0, deadline - Date.now()));
  await new Promise<void>((resolve) => {
    const next = () => {
      while (!stopping && running.size < plan.parallel && queue.length) {
        const run = queue.shift() as PlannedRun;
        const child = start(plan, run);
        running.add(child);
        child.on('exit', (code) => {
          running.delete(child);
          console.log(`[campaign] ${new Date().toISOString()} ${run.id} exited with ${code}`);
          next();
        });
      }
      if (running.size === 0) resolve();
    };
    next();
  });
  clearTimeout(timer);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await main();
