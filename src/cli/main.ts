/** The `brushwork` command: one line of error on stderr and a non-zero exit, never a stack trace. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TrainingInterrupted } from '../training/interrupt';
import { closest } from './args';
import { EXIT, oneLine, UsageError } from './errors';
import { PACKAGE_ROOT } from './paths';
import { COMMANDS, commandHelp, overview } from './specs';

type Run = (argv: string[]) => Promise<number>;

// Commands load lazily: `arch` and every --help should not pay for TF.js, sharp and the training code.
const loaders: Readonly<Record<string, () => Promise<Run>>> = {
  stylize: async () => (await import('./stylize')).stylizeCommand,
  info: async () => (await import('./info')).infoCommand,
  pack: async () => (await import('./pack')).packCommand,
  arch: async () => (await import('./arch')).archCommand,
  train: async () => (await import('./train')).trainCommand,
  eval: async () => (await import('./eval')).evalCommand,
};

export function version(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Flags before a `--` (after it, `--help` would be a file name). */
const flagsOf = (argv: string[]) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);
const wantsHelp = (argv: string[]) => flagsOf(argv).includes('--help') || flagsOf(argv).includes('-h');
const wantsVersion = (argv: string[]) => flagsOf(argv).includes('--version');

function unknownCommand(name: string): number {
  const guess = closest(name, Object.keys(loaders));
  process.stderr.write(
    `brushwork: unknown command "${name}": expected one of ${Object.keys(loaders).join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}\n`,
  );
  return EXIT.usage;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && !COMMANDS[rest[0]]) return unknownCommand(rest[0]);
    const about = name === 'help' && rest[0] ? commandHelp(rest[0]) : '';
    (name ? process.stdout : process.stderr).write(about || overview(version()));
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = loaders[name];
  if (!load) return unknownCommand(name);
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(name));
    return EXIT.ok;
  }
  if (wantsVersion(rest)) {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    const hint = e instanceof UsageError ? `\nusage: ${COMMANDS[name]?.usage} (brushwork ${name} --help for the options)` : '';
    process.stderr.write(`brushwork ${name}: ${oneLine(e)}${hint}\n`);
    if (e instanceof UsageError) return EXIT.usage;
    return e instanceof TrainingInterrupted ? EXIT.interrupted : EXIT.failure;
  }
}
