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
