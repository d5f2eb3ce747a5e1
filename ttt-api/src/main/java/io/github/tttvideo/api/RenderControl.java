package io.github.tttvideo.api;

/**
 * Cancels a render from another thread. The renderer checks it before every denoising step and
 * every decoded segment and then throws {@link RenderCancelledException}; no output file is left
 * behind. Interrupting the rendering thread has the same effect (the interrupt flag stays set).
 *
 * <pre>{@code
 * RenderControl control = new RenderControl();
 * Future<RenderedVideo> f = executor.submit(() -> story.render(out, listener, control));
 * ...
 * control.cancel();   // f fails with RenderCancelledException soon after
 * }</pre>
 *
 * <p>Thread-safe. One control may be shared by several renders to cancel them together.
 *
 * @since 0.1.0
 */
public final class RenderControl {
  private volatile boolean cancelled;

  /** Creates a control that is not cancelled. */
  public RenderControl() {}

  /** Asks the render to stop at the next step or segment; calling it again does nothing. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Throws if the render should stop: cancelled, or the current thread interrupted.
   *
   * @param where what the render is about to do, for the message (for example "step 3 of 50")
   * @throws RenderCancelledException if cancelled or interrupted
   */
  public void checkpoint(String where) {
    if (cancelled) {
      throw new RenderCancelledException("render cancelled before " + where);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new RenderCancelledException("render interrupted before " + where);
    }
  }
}
