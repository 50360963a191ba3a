/** Peak signal-to-noise ratio over RGB (alpha ignored), in dB: how far apart two renderings are. */
export function psnr(a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }, channels = 4): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (channels === 4 && i % 4 === 3) continue;
    se += ((a.data[i] as number) - (b.data[i] as number)) ** 2;
    n++;
  }
  return 10 * Math.log10((255 * 255) / Math.max(se / Math.max(1, n), 1e-12));
}
