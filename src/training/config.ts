/** A training run's full configuration: saved in every checkpoint and in the exported model.json. */
import path from 'node:path';
import type { ArchSpec } from '../model/architecture';
import { SHIPPED_ARCH } from '../model/architecture';
import type { LossWeights } from './losses';

export interface TrainConfig {
  style: string;
  styleId: string;
  out: string;
  photos: string;
  vgg: string;
  arch: ArchSpec;
  size: number;
  batch: number;
  steps: number;
  lr: number;
  weights: LossWeights;
  /** Global gradient-norm cap (0: none), against the steps that blow up into blobs. */
  clip: number;
  /** Share of crops given a random exposure, contrast and gamma (photos.ts: augmentCrop); 0 = none. */
  augment: number;
  styleSize: number;
  init?: string;
  workers: number;
  seed: number;
  /** Steps between checkpoints, previews and log lines. */
  checkpointEvery: number;
  previewEvery: number;
  /** Photos used for the final metrics (`eval`'s default set). */
  evalPhotos: string;
  /** At most this many eval photos at the end of training (0 = all); 8 by default so a short run ends in seconds, not minutes (#22). */
  evalLimit: number;
  /** Steps between milestone measures on the first `measurePhotos` validation photos (0: none): measures.jsonl. */
  measureEvery: number;
  measurePhotos: number;
  /** The painting's title, artist and year for model.json (else the catalog's, or "unknown" for a new style). */
  title?: string;
  artist?: string;
  year?: number;
  /** Skip the final evaluation: the model is written without metrics. */
  noEval?: boolean;
}

/** Defaults of the stability term's largest move (pixels) and input noise σ (levels): the moves `eval` measures reach 3 pixels (stability.ts). */
export const DEFAULT_STABILITY_SHIFT = 3;
export const DEFAULT_STABILITY_NOISE = 4;

/** ../shared/data beside the project, overridable by BRUSHWORK_DATA_DIR. */
export function sharedDataDir(): string {
  return process.env.BRUSHWORK_DATA_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'data');
}

export function defaultPhotosDir(): string {
  return process.env.BRUSHWORK_PHOTOS_DIR ?? path.join(sharedDataDir(), 'photos', 'train');
}

export function defaultValPhotosDir(): string {
  return process.env.BRUSHWORK_VAL_PHOTOS_DIR ?? path.join(sharedDataDir(), 'photos', 'val');
}

export function defaultVggDir(): string {
  return process.env.BRUSHWORK_VGG_DIR ?? path.join(sharedDataDir(), 'vgg19');
}

export const DEFAULT_TRAIN: Omit<TrainConfig, 'style' | 'styleId' | 'out' | 'photos' | 'vgg' | 'evalPhotos'> = {
  // The campaign's recipe (#20), which made every shipped style: the fast network, fine-tuned for 500 steps from the
  // shipped starry-night (the CLI's default --init), texture taps up (relu3_3 ×3, half-scale ×4, relu1_2 ×0.1), the
  // coarse-luma and palette terms and exposure augmentation, which together left no dark blobs (docs/training.md).
  arch: SHIPPED_ARCH,
  size: 128,
  batch: 4,
  steps: 500,
  lr: 2e-3,
  weights: { content: 1, style: 1, tv: 2, layers: { relu1_2: 0.1, relu2_2: 1, relu3_3: 3 }, half: 4, luma: 50, palette: 10 },
  clip: 0,
  augment: 0.5,
  styleSize: 512,
  workers: 2,
  seed: 1,
  checkpointEvery: 100,
  previewEvery: 100,
  evalLimit: 8,
  measureEvery: 0,
  measurePhotos: 8,
};
