/** Loads shipped models by style id through a host-provided file reader, once per style. */
import { decodeModel, MANIFEST_FILE, parseManifestText, validateManifest } from '../model/format';
import { type LoadedModel, toLoadedModel } from './model';

export type ReadFile = (path: string) => Promise<Uint8Array>;

export class ModelStore {
  private readonly models = new Map<string, Promise<LoadedModel>>();

  /** `warmUp` runs once per freshly loaded model (first-run allocations and kernel setup, off the first real image). */
  constructor(
    private readonly readFile: ReadFile,
    private readonly warmUp?: (model: LoadedModel) => Promise<unknown>,
  ) {}

  /** Frees every loaded model's tensors; later loads read the files again. */
  disposeAll(): void {
    const loaded = [...this.models.values()];
    this.models.clear();
    for (const p of loaded)
      void p.then(
        (m) => m.dispose(),
        () => undefined,
      );
  }

  get loadedIds(): string[] {
    return [...this.models.keys()];
  }

  load(styleId: string): Promise<LoadedModel> {
    let p = this.models.get(styleId);
    if (!p) {
      p = this.fetchModel(styleId);
      this.models.set(styleId, p);
      p.catch(() => this.models.delete(styleId)); // a failed load may be retried later
    }
    return p;
  }

  private async fetchModel(styleId: string): Promise<LoadedModel> {
    const dir = `models/${styleId}`;
    const manifestPath = `${dir}/${MANIFEST_FILE}`;
    const text = new TextDecoder().decode(await this.readFile(manifestPath));
    const value = parseManifestText(text, manifestPath);
    const manifest = validateManifest(value, manifestPath);
    const weightsPath = `${dir}/${manifest.weights.file}`;
    const model = toLoadedModel(decodeModel(value, await this.readFile(weightsPath), { manifest: manifestPath, weights: weightsPath }));
    if (this.warmUp) await this.warmUp(model);
    return model;
  }
}
