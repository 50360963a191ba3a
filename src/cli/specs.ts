/**
 * Every command's usage line and options, with a sentence each: parseArgs,
 * `brushwork <command> --help` and docs/cli.md are all made from this one
 * table, so an option cannot exist without its help (tests/unit/cli-help.test.ts).
 * Light on purpose: `--help` must not load TF.js.
 */
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_STABILITY_NOISE, DEFAULT_STABILITY_SHIFT, DEFAULT_TRAIN } from '../training/config';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. "<dir>". */
  value?: string;
  help: string;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  usage: string;
  summary: string;
  options: OptionSpecs;
}

const d = DEFAULT_TRAIN;

/** One model argument everywhere (stylize, info, eval, train --init): what it may be. */
const MODEL_HELP = 'a shipped style name, a model folder, its model.json or a .brushwork file';

/**
 * The extension's default largest side (src/settings/schema.ts, 1,024). The network's strokes are a
 * fixed number of pixels (its receptive field), so on a 24-megapixel photo they shrink to a
 * faint texture and the picture reads as a tint at viewing size; 1,024 px paints visible strokes.
 */
export const DEFAULT_MAX_SIDE = 1024;

export const ARCH_SPECS: OptionSpecs = {
  arch: {
    type: 'string',
    value: 'johnson|shuffle',
    help: "johnson: Johnson et al. as Fritz AI pruned it (the seed's network; arch's default); shuffle: the fast one every style ships (train's default)",
  },
  alpha: { type: 'string', value: 'A', help: 'width multiplier α (johnson: 0.3 when training, 1 for arch; shuffle: 0.35)' },
  blocks: { type: 'string', value: 'N', help: `residual blocks (default: ${d.arch.blocks})` },
  small: { type: 'boolean', help: 'the pruned variant (⌊α·32⌋ filters in every layer), as every shipped style' },
};

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  stylize: {
    usage: 'brushwork stylize <inputs…|-> --model <model> [options]',
    summary:
      'Repaints image files with a style; writes PNG, JPEG or WebP as the output name says. A bad input is reported and the others still run (exit 1 at the end).',
    options: {
      model: { type: 'string', short: 'm', value: '<model>', help: MODEL_HELP },
      out: {
        type: 'string',
        short: 'o',
        value: '<file|dir|->',
        help: 'output file (.png, .jpg, .jpeg, .webp), folder, or - for PNG on stdout; default beside each input, <name>.<style>.png (- as input: stdout). Two inputs with one name get -2, -3…',
      },
      intensity: { type: 'string', value: '0..1', help: 'blend with the original: 0 = original, 1 = full style (default 1)' },
      'max-side': {
        type: 'string',
        value: 'N',
        help: `stylize at most N pixels on the long side, then scale back; 0 = full size (default ${DEFAULT_MAX_SIDE}, as the extension: strokes are a fixed number of pixels, so on a larger picture they turn into a faint tint)`,
      },
      'keep-colours': {
        type: 'boolean',
        help: "keep the photo's colours: only the painting's light and texture (as the extension's option)",
      },
      force: { type: 'boolean', short: 'f', help: 'overwrite outputs that already exist' },
      'skip-existing': { type: 'boolean', help: 'leave inputs whose output exists (rerunning a batch that stopped)' },
    },
  },
  info: {
    usage: 'brushwork info <model>',
    summary: `Prints a model's architecture, size, style and training metrics as JSON; <model>: ${MODEL_HELP}.`,
    options: {},
  },
  pack: {
    usage: 'brushwork pack <model-dir|style-id> [--out <file.brushwork>]',
    summary: 'Packs a model folder into one .brushwork file (model, weights and their SHA-256) to share or import into the extension.',
    options: {
      out: { type: 'string', short: 'o', value: '<file.brushwork>', help: 'where to write it (default <style-id>.brushwork)' },
      force: { type: 'boolean', short: 'f', help: 'overwrite an existing file' },
    },
  },
  arch: {
    usage: 'brushwork arch [options]',
    summary: 'Prints the parameter count, bytes and work per pixel of an architecture.',
    options: ARCH_SPECS,
  },
  train: {
    usage: 'brushwork train --style <image> --out <model-dir> [options]',
    summary: 'Trains a style model from a painting and a folder of photos, checkpointed and resumable.',
    options: {
      style: { type: 'string', value: '<image>', help: 'the painting (any image sharp reads)' },
      out: {
        type: 'string',
        value: '<model-dir>',
        help: "where the quantized model folder is written; one holding a model is refused unless --force (with --resume: default the checkpoint's)",
      },
      force: { type: 'boolean', short: 'f', help: 'replace the model in --out and start a fresh log in --work' },
      title: { type: 'string', value: '<text>', help: "the painting's title in model.json (default: from --id)" },
      artist: { type: 'string', value: '<name>', help: "the painter's name in model.json (default: unknown)" },
      year: { type: 'string', value: 'N', help: 'the year the painting was made (default: 0, unknown)' },
      photos: {
        type: 'string',
        value: '<dir>',
        help: 'training photos, any folder of JPEG/PNG/WebP (default ../shared/data/photos/train)',
      },
      'val-photos': { type: 'string', value: '<dir>', help: 'photos the metrics are measured on (default ../shared/data/photos/val)' },
      vgg: { type: 'string', value: '<dir>', help: 'VGG-19 weights: the project layout (default ../shared/data/vgg19)' },
      ...ARCH_SPECS,
      size: { type: 'string', value: 'PX', help: `training crop side (default ${d.size})` },
      batch: { type: 'string', value: 'N', help: `photos per step (default ${d.batch})` },
      steps: { type: 'string', value: 'N', help: `optimizer steps (default ${d.steps}); with --resume, the new total` },
      lr: { type: 'string', value: 'X', help: `Adam learning rate (default ${d.lr})` },
      'content-weight': { type: 'string', value: 'X', help: `weight of the relu3_3 content loss (default ${d.weights.content})` },
      'style-weight': { type: 'string', value: 'X', help: `weight of the Gram style loss (default ${d.weights.style})` },
      'tv-weight': { type: 'string', value: 'X', help: `weight of total variation (default ${d.weights.tv})` },
      'layer-weights': {
        type: 'string',
        value: 'a,b,c',
        help: `multipliers of relu1_2, relu2_2, relu3_3 in the style loss (default ${['relu1_2', 'relu2_2', 'relu3_3'].map((t) => d.weights.layers?.[t as 'relu1_2'] ?? 1).join(',')})`,
      },
      'half-weight': {
        type: 'string',
        value: 'X',
        help: `style loss on the half-scale output too: larger strokes (default ${d.weights.half ?? 0})`,
      },
      'luma-weight': {
        type: 'string',
        value: 'X',
        help: `keep coarse brightness close to the photo: fewer dark blobs (default ${d.weights.luma ?? 0})`,
      },
      'palette-weight': {
        type: 'string',
        value: 'X',
        help: `match the painting's colour distribution (sliced Wasserstein in CIELAB) (default ${d.weights.palette ?? 0})`,
      },
      'grain-weight': {
        type: 'string',
        value: 'X',
        help: `penalise the output's 2-pixel-period energy, the grain eval measures (levels²) (default ${d.weights.grain ?? 0})`,
      },
      'holes-weight': {
        type: 'string',
        value: 'X',
        help: `push back 8×8 cells turning into the black or white blobs eval's holes counts (default ${d.weights.holes ?? 0})`,
      },
      'stability-weight': {
        type: 'string',
        value: 'X',
        help: `hold still: stylizing a crop moved by 1–3 pixels or with noise must match the stylized crop (Gupta et al. 2017) (default ${d.weights.stability ?? 0})`,
      },
      'stability-shift': {
        type: 'string',
        value: 'PX',
        help: `largest move of the stability term, 0..3 pixels, 0 = no move comparison (default ${DEFAULT_STABILITY_SHIFT})`,
      },
      'stability-noise': {
        type: 'string',
        value: 'σ',
        help: `σ of the stability term's input noise in 8-bit levels, 0 = no noise comparison (default ${DEFAULT_STABILITY_NOISE})`,
      },
      augment: {
        type: 'string',
        value: 'P',
        help: `share of crops given a random exposure, contrast and gamma, dark and flat ones included (default ${d.augment})`,
      },
      clip: { type: 'string', value: 'X', help: 'cap on the global gradient norm, 0 = none (default 0)' },
      'style-size': { type: 'string', value: 'PX', help: `long side the painting is read at (default ${d.styleSize})` },
      init: {
        type: 'string',
        value: '<model>|none',
        help: `start from these weights: ${MODEL_HELP} (default: the shipped starry-night, for the shipped network); none: from scratch`,
      },
      resume: {
        type: 'string',
        value: '<checkpoint>',
        help: 'continue a run from its checkpoint alone: painting, photos, --out and --work come from it (flags given override them)',
      },
      workers: { type: 'string', value: 'N', help: `gradient worker threads, one per core (default ${d.workers})` },
      seed: { type: 'string', value: 'N', help: `random seed for init and photo order (default ${d.seed})` },
      work: {
        type: 'string',
        value: '<dir>',
        help: "checkpoints, previews and log (default .brushwork/train/<id>; with --resume: the checkpoint's folder)",
      },
      id: { type: 'string', value: '<style-id>', help: "the model's style id (default: the --out folder name)" },
      'measure-every': {
        type: 'string',
        value: 'N',
        help: `steps between milestone measures written to measures.jsonl, 0 = none (default ${d.measureEvery}); also on --resume`,
      },
      'measure-photos': {
        type: 'string',
        value: 'N',
        help: `validation photos each milestone measures (default ${d.measurePhotos})`,
      },
      'checkpoint-every': { type: 'string', value: 'N', help: `steps between checkpoints (default ${d.checkpointEvery})` },
      previews: {
        type: 'string',
        value: '<dir>',
        help: 'where the preview pictures go (default <work>/previews); keep them out of anything you publish',
      },
      'preview-every': { type: 'string', value: 'N', help: `steps between preview images (default ${d.previewEvery})` },
      'eval-limit': { type: 'string', value: 'N', help: `validation photos measured at the end, 0 = all (default ${d.evalLimit})` },
      'no-eval': { type: 'boolean', help: 'skip the final evaluation: write the model without metrics (brushwork eval measures it later)' },
    },
  },
  eval: {
    usage: 'brushwork eval --model <model> (--style <image> | --motion-only) [options]',
    summary: "Measures how much of the painting's texture a model reaches, how much of the photo it keeps, its grain and its flicker.",
    options: {
      model: { type: 'string', value: '<model>', help: MODEL_HELP },
      style: { type: 'string', value: '<image>', help: 'the painting the model was trained on' },
      photos: { type: 'string', value: '<dir>', help: 'photos to measure on (default ../shared/data/photos/val)' },
      sheet: {
        type: 'string',
        value: '<file>',
        help: 'also write a contact sheet (.png, .jpg or .webp): each photo beside its stylized version',
      },
      force: { type: 'boolean', short: 'f', help: 'overwrite an existing --sheet' },
      vgg: { type: 'string', value: '<dir>', help: 'VGG-19 weights (default ../shared/data/vgg19)' },
      limit: { type: 'string', value: 'N', help: 'measure the first N photos only (default all)' },
      'style-size': { type: 'string', value: 'PX', help: 'long side the painting is read at (default 512)' },
      'motion-only': {
        type: 'boolean',
        help: 'grain and flicker only (docs/training.md): no painting or loss network needed, several times faster',
      },
      quiet: { type: 'boolean', short: 'q', help: 'no progress on stderr' },
    },
  },
};

/** The parseArgs options of a spec table. */
export function parseOptionsOf(specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [name, s.short ? { type: s.type, short: s.short } : { type: s.type }]),
  );
}

export function commandHelp(name: string): string {
  const spec = COMMANDS[name];
  if (!spec) return '';
  const flag = (n: string, s: OptionSpec) => `${s.short ? `-${s.short}, ` : ''}--${n}${s.value ? ` ${s.value}` : ''}`;
  const rows = [...Object.entries(spec.options).map(([n, s]) => [flag(n, s), s.help] as const), ['-h, --help', 'this help'] as const];
  const width = Math.max(...rows.map(([f]) => f.length));
  const options = rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
  return [`usage: ${spec.usage}`, '', spec.summary, '', 'options:', ...options, ''].join('\n');
}

export function overview(version: string): string {
  const rows = Object.entries(COMMANDS).map(([n, s]) => `  ${n.padEnd(8)} ${s.summary}`);
  return [
    `brushwork ${version}: style-transfer models, from training to repainting`,
    '',
    'commands:',
    ...rows,
    '',
    'brushwork <command> --help    options of one command (also: brushwork help <command>)',
    'brushwork --version',
    'exit codes: 0 done, 1 a file or model could not be used, 2 wrong usage (nothing done), 130 interrupted',
    '',
  ].join('\n');
}
