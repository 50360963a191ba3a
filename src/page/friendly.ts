/** Turns runtime errors into the short message shown on the image. */
export function friendlyError(raw: string): string {
  if (/permission|network error|could not be read/i.test(raw)) return 'This image could not be read';
  if (/too large/i.test(raw)) return 'This image is too large to stylize';
  if (/decod|not an image|sent text|corrupt|empty/i.test(raw)) return 'This image could not be read';
  if (/did not answer|timed? ?out|did not load within/i.test(raw)) return 'The image server did not answer';
  if (/answered \d+/i.test(raw)) return 'This image could not be read';
  return 'Brushwork could not stylize this image';
}

export function isCancellation(raw: string): boolean {
  return /^cancelled|aborted|the tab went away|displaced/i.test(raw);
}
