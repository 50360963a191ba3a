/**
 * Styles of one's own (`mine-…`) for the video engines (#27). They live in the
 * extension's IndexedDB (settings/user-style-files.ts), which the engines in
 * Brushwork's frame cannot open: the frame sits in a web page, a third-party
 * context whose storage the browser partitions or blocks (Chromium: "The user
 * denied permission to access the database"). So a video engine asks its
 * frame for a style's files, and the frame asks the background, which reads
 * them first-party (the `userStyleFiles` message). The files are then
 * validated by the ModelStore like any other model's.
 */
import { BrushworkError } from '../../messaging/errors';
import type { UserStyleFiles } from '../../settings/user-style-files';

/** What crosses runtime messaging (JSON in Chrome: no typed arrays), per imported style. */
export interface UserStyleWire {
  manifestText: string;
  weightsFile: string;
  weightsBase64: string;
}

const ASK = 'brushwork:user-style?';
const ANSWER = 'brushwork:user-style';

type Answer = { kind: typeof ANSWER; id: number; files?: UserStyleWire; error?: string };

export function toWire(files: UserStyleFiles): UserStyleWire {
  let binary = '';
  for (const b of files.weights) binary += String.fromCharCode(b);
  return { manifestText: files.manifestText, weightsFile: files.weightsFile, weightsBase64: btoa(binary) };
}

function fromWire(styleId: string, wire: UserStyleWire): UserStyleFiles {
  const binary = atob(wire.weightsBase64);
  const weights = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) weights[i] = binary.charCodeAt(i);
  return { id: styleId, manifestText: wire.manifestText, weightsFile: wire.weightsFile, weights };
}

/** The frame's side: answers its worker's questions with `fetchFiles` (the background's answer, or why not). */
export function answerUserStyles(worker: Worker, fetchFiles: (styleId: string) => Promise<UserStyleWire>): void {
  worker.addEventListener('message', async (e: MessageEvent) => {
    const ask = e.data as { kind?: unknown; id?: unknown; styleId?: unknown } | null;
    if (ask?.kind !== ASK || typeof ask.id !== 'number' || typeof ask.styleId !== 'string') return;
    let answer: Answer;
    try {
      answer = { kind: ANSWER, id: ask.id, files: await fetchFiles(ask.styleId) };
    } catch (err) {
      answer = { kind: ANSWER, id: ask.id, error: String((err as Error)?.message ?? err) };
    }
    worker.postMessage(answer);
  });
}

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/** The worker's side: a reader of imported styles' files that asks the frame that started it. */
export function askFrameForUserStyles(scope: WorkerScope): (styleId: string) => Promise<UserStyleFiles | undefined> {
  let next = 1;
  const waiting = new Map<number, (a: Answer) => void>();
  scope.addEventListener('message', (e: MessageEvent) => {
    const a = e.data as Answer | null;
    if (a?.kind !== ANSWER) return;
    waiting.get(a.id)?.(a);
    waiting.delete(a.id);
  });
  return (styleId) =>
    new Promise<UserStyleFiles | undefined>((resolve, reject) => {
      const id = next++;
      waiting.set(id, (a) =>
        a.files ? resolve(fromWire(styleId, a.files)) : reject(new BrushworkError('invalid', a.error ?? `style ${styleId}: no answer`)),
      );
      scope.postMessage({ kind: ASK, id, styleId });
    });
}
