/**
 * Pause / resume / stop requests for one training run, read by the loop between batches, and
 * `fail` for the host to end the run with a reason (e.g. the WebGL context was lost).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { TrainingFailure } from './trainingEvents';

export class TrainingControl {
  private paused = false;
  private stopped = false;
  private failure: TrainingFailure | undefined;
  private wake: (() => void) | undefined;
  private abortRead: ((failure: TrainingFailure) => void) | undefined;

  pause(): void {
    if (!this.stopped) this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  stop(): void {
    this.stopped = true;
    this.paused = false;
    this.wakeUp();
  }

  fail(failure: TrainingFailure): void {
    this.failure ??= failure;
    this.stop();
    this.abortRead?.(this.failure);
  }

  /**
   * Reads a tensor, or rejects as soon as the run is failed from outside: a lost WebGL context
   * can leave a read pending forever.
   */
  read(tensor: tfTypes.Tensor): Promise<ArrayLike<number>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.abortRead = reject;
      tensor.data().then(
        (values) => {
          this.abortRead = undefined;
          resolve(values as ArrayLike<number>);
        },
        (error: unknown) => {
          this.abortRead = undefined;
          reject(error);
        },
      );
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get failureReason(): TrainingFailure | undefined {
    return this.failure;
  }

  /** Resolves when resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
