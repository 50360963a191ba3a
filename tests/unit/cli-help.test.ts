/** CLI conventions: --version, <command> --help from the one option table, docs/cli.md in step, output formats, no silent overwrite. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliDocs } from '../../scripts/lib/cli-docs';
import { COMMANDS } from '../../src/cli/specs';
import { writePng } from '../../src/runtime/node/image-io';
import { makeScene } from '../../src/shared/scene';
import { brushwork, expectOneLineError } from '../helpers/cli';
import { tempDir, writeSeededModel } from '../helpers/models';

let dir: string;
let model: string;
let input: string;

beforeAll(async () => {
  dir = tempDir('bw-cli-help-');
  model = writeSeededModel(5, path.join(dir, 'seeded'));
  input = path.join(dir, 'scene.png');
  await writePng(input, makeScene(24, 16));
});

describe('brushwork --version and --help', () => {
  it('--version prints the package version', () => {
    const r = brushwork(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  for (const name of Object.keys(COMMANDS))
    it(`${name} --help lists every option of ${name}, exit 0`, () => {
      const r = brushwork([name, '--help']);
      expect(r.code).toBe(0);
      const options = Object.keys(COMMANDS[name]?.options ?? {});
      for (const option of options) expect(r.stdout, option).toContain(`--${option}`);
      expect(r.stdout).toContain(`usage: brushwork ${name}`);
    });

  it('train --help names every option train accepts (a spec-less option would be refused as unknown)', () => {
    const help = brushwork(['train', '--help']).stdout;
    for (const option of ['layer-weights', 'half-weight', 'luma-weight', 'clip', 'resume', 'init', 'val-photos', 'eval-limit'])
      expect(help).toContain(`--${option}`);
    expectOneLineError(brushwork(['train', '--style', 'x', '--out', 'y', '--not-an-option', '1']), /unknown option --not-an-option/);
  });

  it('docs/cli.md is the generated text (npm run cli-docs)', () => {
    expect(readFileSync('docs/cli.md', 'utf8')).toBe(cliDocs());
  });

  it('an unknown style lists the available ones', () => {
    expectOneLineError(
      brushwork(['stylize', input, '--model', 'mona-lisa', '--out', path.join(dir, 'm.png')]),
      /mona-lisa: expected a .brushwork file, a model folder, its model.json or one of the shipped styles \(composition-vii, great-wave, poppy-field, starry-night, the-scream, udnie\)/,
    );
  });
});

describe('brushwork stylize outputs', () => {
  it.each([
    ['out.png', 'png'],
    ['out.jpg', 'jpeg'],
    ['out.jpeg', 'jpeg'],
    ['out.webp', 'webp'],
  ])('%s is written as %s', async (name, format) => {
    const out = path.join(dir, name);
    expect(brushwork(['stylize', input, '--model', model, '--out', out]).code).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([format, 24, 16]);
  });

  it('refuses an output name whose format it cannot write', () => {
    expectOneLineError(
      brushwork(['stylize', input, '--model', model, '--out', path.join(dir, 'x.gif')]),
      /--out: expected a file name ending in \.png/,
    );
  });

  it('refuses to overwrite an existing output unless --force', async () => {
    const out = path.join(dir, 'kept.png');
    writeFileSync(out, 'precious');
    expectOneLineError(
      brushwork(['stylize', input, '--model', model, '--out', out]),
      /kept\.png already exists; pass --force to overwrite/,
    );
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(brushwork(['stylize', input, '--model', model, '--out', out, '--force']).code).toBe(0);
    expect((await sharp(out).metadata()).format).toBe('png');
  });
});
