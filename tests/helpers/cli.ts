import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'brushwork.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function brushwork(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One clear line, no stack trace, no minified WASM glue. */
export function expectOneLineError(r: CliResult, pattern: RegExp): void {
  if (r.code === 0) throw new Error(`expected a failure, got exit 0: ${r.stdout}`);
  const lines = r.stderr.trim().split('\n');
  const message = lines[0] ?? '';
  if (!pattern.test(message)) throw new Error(`stderr "${message}" does not match ${pattern}`);
  if (/\n\s+at /.test(r.stderr)) throw new Error(`stderr holds a stack trace:\n${r.stderr}`);
  if (lines.length > 2) throw new Error(`expected at most an error line and a usage line, got:\n${r.stderr}`);
}

/** The CI-sized `brushwork train`: 2 steps on 32 px crops, one worker, enough to export a real model. */
export function trainTinyModel(style: string, out: string, work: string, extra: string[] = []): CliResult {
  const tiny = ['--steps', '2', '--size', '32', '--batch', '1', '--workers', '1', '--style-size', '64', '--eval-limit', '1'];
  return brushwork(['train', '--style', `../shared/data/styles/${style}.jpg`, '--out', out, '--work', work, ...tiny, ...extra]);
}
