/** The `brushwork` command: one line of error on stderr and a non-zero exit, never a stack trace. */
import { oneLine, UsageError } from './errors';

type Command = { load: () => Promise<(argv: string[]) => Promise<number>>; usage: string };

// Commands load lazily: `arch` should not pay for TF.js, sharp and the training code.
const commands: Readonly<Record<string, Command>> = {
  stylize: {
    load: async () => (await import('./stylize')).stylizeCommand,
    usage: 'brushwork stylize <inputs…> --model <style-id|dir> [--out <file|dir>] [--intensity 0..1] [--max-side N]',
  },
  info: { load: async () => (await import('./info')).infoCommand, usage: 'brushwork info <model-dir|style-id>' },
  arch: {
    load: async () => (await import('./arch')).archCommand,
    usage: 'brushwork arch [--arch johnson|shuffle] --alpha A --blocks N [--small]',
  },
  train: {
    load: async () => (await import('./train')).trainCommand,
    usage:
      'brushwork train --style <image> --out <model-dir> [--photos <dir>] [--vgg <dir>] [--arch johnson|shuffle] [--alpha 0.3 --blocks 3 --small] [--size 128] [--batch 4] [--steps N] [--lr] [--content-weight] [--style-weight] [--tv-weight] [--style-size 512] [--init <model-dir>] [--resume <checkpoint>] [--workers N] [--seed S] [--work <dir>] [--id <style-id>]',
  },
  eval: {
    load: async () => (await import('./eval')).evalCommand,
    usage:
      'brushwork eval --model <dir|style-id> --style <image> [--photos <dir>] [--sheet <png>] [--vgg <dir>] [--limit N] [--style-size 512]',
  },
};

function usage(): string {
  return `usage:\n${Object.values(commands)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`brushwork: unknown command "${name}" (expected one of: ${Object.keys(commands).join(', ')})\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (e) {
    const hint = e instanceof UsageError ? `\nusage: ${command.usage}` : '';
    process.stderr.write(`brushwork ${name}: ${oneLine(e)}${hint}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
