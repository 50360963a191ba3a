/** A training run's full configuration: saved in every checkpoint and in the exported model.json. */
import path from 'node:path';
import type { ArchSpec } from '../model/architecture';
import { JOHNSON_ARCH } from '../model/architecture';
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
}

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
  arch: JOHNSON_ARCH,
  size: 128,
  batch: 4,
  steps: 2000,
  lr: 2e-3,
  // Style weight 0.3: what every shipped style was trained with; 1 and above collapsed content into dark blobs here (docs/training.md).
  weights: { content: 1, style: 0.3, tv: 2 },
  clip: 0,
  augment: 0,
  styleSize: 512,
  workers: 2,
  seed: 1,
  checkpointEvery: 100,
  previewEvery: 100,
  evalLimit: 8,
  measureEvery: 0,
  measurePhotos: 8,
};
