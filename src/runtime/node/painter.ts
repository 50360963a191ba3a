/**
 * Paints pictures in Node with the SIMD kernel, loading TF.js only when the kernel cannot run them
 * (the johnson network, pictures under 4 px, a kernel that failed to start). Importing TF.js and its
 * WASM backend is most of a `brushwork stylize` start-up (0.6 s on a quiet machine, docs/performance.md),
 * and every shipped style runs on the kernel, so most runs never pay it.
 */
import type { DecodedModel } from '../../model/format';
import { checkImage, type RgbaImage } from '../../shared/image';
import { KERNEL_MIN_SIDE, kernelRefusal, packWeights } from '../kernel/shuffle-kernel';
import type { LoadedModel } from '../model';
import { nodeKernel } from './kernel';

export interface Painter {
  paint(img: RgbaImage): Promise<RgbaImage>;
  /** Whether TF.js was loaded (for tests and benchmarks). */
  readonly usedTfjs: boolean;
  dispose(): void;
}

export async function nodePainter(decoded: DecodedModel): Promise<Painter> {
  const arch = decoded.manifest.arch;
  const kernel = kernelRefusal(arch) === null ? await nodeKernel() : null;
  const packed = kernel ? packWeights(arch, decoded.weights) : null;
  let tfModel: Promise<{ model: LoadedModel; run: (m: LoadedModel, img: RgbaImage) => Promise<RgbaImage> }> | undefined;
  const viaTfjs = async (img: RgbaImage) => {
    tfModel ??= (async () => {
      const [{ useNodeWasmBackend }, { toLoadedModel }, { stylizeImage }] = await Promise.all([
        import('./backend'),
        import('../model'),
        import('../stylize-image'),
      ]);
      await useNodeWasmBackend();
      return { model: toLoadedModel(decoded), run: (m: LoadedModel, i: RgbaImage) => stylizeImage(m, i, null) };
    })();
    const { model, run } = await tfModel;
    return run(model, img);
  };
  return {
    paint: async (img) => {
      checkImage(img);
      return kernel && packed && img.width >= KERNEL_MIN_SIDE && img.height >= KERNEL_MIN_SIDE
        ? kernel.run(arch, packed, img)
        : viaTfjs(img);
    },
    get usedTfjs() {
      return tfModel !== undefined;
    },
    dispose: () => {
      void tfModel?.then(({ model }) => model.dispose());
    },
  };
}
