/** `.brushwork` files: pack, read back exactly, refuse damage before decoding; the CLI packs, inspects and stylizes with them. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packModel, unpackModel } from '../../src/model/pack';
import { writePng } from '../../src/runtime/node/image-io';
import { readPackFile } from '../../src/runtime/node/model-dir';
import { makeScene } from '../../src/shared/scene';
import { brushwork, expectOneLineError } from '../helpers/cli';
import { tempDir, writeSeededModel } from '../helpers/models';

let dir: string;
let modelDir: string;
let packFile: string;

beforeAll(() => {
  dir = tempDir('bw-pack-');
  modelDir = writeSeededModel(4, path.join(dir, 'seeded'));
  packFile = path.join(dir, 'seeded.brushwork');
});

const encode = (text: string) => new TextEncoder().encode(text);

/** The parts of a pack these tests damage. */
interface PackJson {
  format: unknown;
  model: { style: { title: string } };
  weights?: { base64: string; sha256: string };
}

describe('the .brushwork format', () => {
  it('round-trips the model and weights byte for byte', async () => {
    const manifest = readFileSync(path.join(modelDir, 'model.json'), 'utf8');
    const weights = new Uint8Array(readFileSync(path.join(modelDir, 'weights.bin')));
    const back = await unpackModel(encode(await packModel(manifest, 'weights.bin', weights)));
    expect(JSON.parse(back.manifestText)).toEqual(JSON.parse(manifest));
    expect(Buffer.compare(Buffer.from(back.weights), Buffer.from(weights))).toBe(0);
  });

  it.each([
    [
      'a changed weight byte',
      (p: PackJson) => {
        if (p.weights) p.weights.base64 = `B${p.weights.base64.slice(1)}`;
      },
      /weights matching their SHA-256/,
    ],
    [
      'an edited title',
      (p: PackJson) => {
        p.model.style.title = 'Forged';
      },
      /model\.json matching its SHA-256/,
    ],
    [
      'another format',
      (p: PackJson) => {
        p.format = 'zip';
      },
      /"format": "brushwork-pack"/,
    ],
    [
      'a missing weights entry',
      (p: PackJson) => {
        delete p.weights;
      },
      /a pack missing one of them/,
    ],
  ])('refuses %s', async (_what, damage, message) => {
    const manifest = readFileSync(path.join(modelDir, 'model.json'), 'utf8');
    const pack = JSON.parse(
      await packModel(manifest, 'weights.bin', new Uint8Array(readFileSync(path.join(modelDir, 'weights.bin')))),
    ) as PackJson;
    damage(pack);
    await expect(unpackModel(encode(JSON.stringify(pack)))).rejects.toThrow(message);
  });

  it('refuses what is not JSON', async () => {
    await expect(unpackModel(new Uint8Array([0xff, 0xd8, 0xff]))).rejects.toThrow(/not JSON/);
  });
});

describe('brushwork pack / info / stylize with a .brushwork file', () => {
  it('packs, refuses to overwrite without --force, and the file reads back as the same model', async () => {
    const r = brushwork(['pack', modelDir, '--out', packFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).file).toBe(packFile);
    expectOneLineError(brushwork(['pack', modelDir, '--out', packFile]), /already exists; pass --force/);
    const { decoded } = await readPackFile(packFile);
    expect(decoded.manifest.style.id).toBe(JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8')).style.id);
  });

  it('info and stylize read it', async () => {
    const info = brushwork(['info', packFile]);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ source: packFile, params: expect.any(Number) });
    const input = path.join(dir, 'in.png');
    await writePng(input, makeScene(20, 12));
    expect(brushwork(['stylize', input, '--model', packFile, '--out', path.join(dir, 'out.png')]).code).toBe(0);
  });

  it('names a damaged file in one line', () => {
    const bad = path.join(dir, 'bad.brushwork');
    const pack = JSON.parse(readFileSync(packFile, 'utf8'));
    pack.weights.sha256 = '0'.repeat(64);
    writeFileSync(bad, JSON.stringify(pack));
    expectOneLineError(brushwork(['info', bad]), /bad\.brushwork: expected weights matching their SHA-256/);
  });
});
