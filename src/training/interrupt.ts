/** Ctrl-C (or SIGTERM) during training: finish the step, save a checkpoint, stop. Never lose a run's progress. */
export class Interrupt {
  requested = false;
  private readonly onSignal = () => {
    this.requested = true;
    this.onRequest();
  };

  constructor(private readonly onRequest: () => void) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** A run stopped by Ctrl-C or SIGTERM after saving what it had: the CLI exits 130, as a shell does for SIGINT. */
export class TrainingInterrupted extends Error {
  override name = 'TrainingInterrupted';
}
