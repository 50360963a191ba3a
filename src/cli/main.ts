/** The `brushwork` command: one line of error on stderr and a non-zero exit, never a stack trace. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { oneLine, UsageError } from './errors';
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

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' && rest[0] ? commandHelp(rest[0]) : '';
    (name ? process.stdout : process.stderr).write(about || overview(version()));
    return name ? 0 : 2;
  }
  const load = loaders[name];
  if (!load) {
    process.stderr.write(`brushwork: unknown command "${name}" (expected one of: ${Object.keys(loaders).join(', ')})\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    const hint = e instanceof UsageError ? `\nusage: ${COMMANDS[name]?.usage} (brushwork ${name} --help for the options)` : '';
    process.stderr.write(`brushwork ${name}: ${oneLine(e)}${hint}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
