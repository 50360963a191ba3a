/** One live progress line on a terminal (step, losses, steps/s, ETA); plain periodic lines otherwise. */
import type { LossSums } from './protocol';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

export class ProgressReporter {
  private readonly tty = Boolean(process.stderr.isTTY);
  private recent: number[] = [];

  constructor(
    private readonly total: number,
    private readonly start: number,
  ) {}

  update(step: number, losses: LossSums, ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > 20) this.recent.shift();
    const avg = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const width = 24;
    const filled = Math.round((step / this.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${bar} ${step}/${this.total} loss ${fmt(losses.total)} (content ${fmt(losses.content)} style ${fmt(losses.style)} tv ${fmt(losses.tv)}${losses.palette ? ` palette ${fmt(losses.palette)}` : ''}${losses.grain ? ` grain ${fmt(losses.grain)}` : ''}${losses.holes ? ` holes ${fmt(losses.holes)}` : ''}${losses.stability ? ` stability ${fmt(losses.stability)}` : ''}) ${(1000 / avg).toFixed(2)} steps/s ETA ${formatEta(((this.total - step) * avg) / 1000)}`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (step === this.start + 1 || step % 10 === 0 || step === this.total) process.stderr.write(`${line}\n`);
  }

  /** A phase after the steps (evaluation) with its own count, on the same line. */
  phase(label: string, done: number, total: number): void {
    const line = `${label}: ${done}/${total} photos`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (done === 0 || done === total) process.stderr.write(`${line}\n`);
  }

  note(text: string): void {
    process.stderr.write(`${this.tty ? '\n' : ''}${text}\n`);
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
