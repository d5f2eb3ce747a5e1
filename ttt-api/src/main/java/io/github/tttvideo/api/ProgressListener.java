package io.github.tttvideo.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Hears how a render advances: once at the start, after every denoising step, after every decoded
 * segment and once at the end. Every method has an empty default, so a listener overrides only
 * what it needs.
 *
 * <p>Calls come from the rendering thread, in order; a listener that is slow slows the render. A
 * listener that throws fails the render (and no output file is left).
 *
 * <pre>{@code
 * story.render(Path.of("out.mp4"), new ProgressListener() {
 *   public void onStep(int step, int total, Duration elapsed, Duration eta) {
 *     System.err.printf("step %d/%d, %d s left%n", step, total, eta.toSeconds());
 *   }
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ProgressListener {

  /**
   * The render starts (after the model is loaded and the inputs are checked).
   *
   * @param totalSteps denoising steps N
   * @param totalSegments segments to decode
   */
  default void onStart(int totalSteps, int totalSegments) {}

  /**
   * A denoising step finished.
   *
   * @param step steps done so far, 1..total
   * @param total N
   * @param elapsed time since sampling started
   * @param eta estimated time until the last step is done (the average step time so far times
   *     the steps left)
   */
  default void onStep(int step, int total, Duration elapsed, Duration eta) {}

  /**
   * A segment was decoded and its frames handed to the codec.
   *
   * @param index the segment, 0-based
   * @param total number of segments
   * @param frames pixel frames of this segment
   * @param elapsed time since decoding started
   */
  default void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {}

  /**
   * The video is complete and in place.
   *
   * @param path the written file (or PNG folder)
   * @param elapsed time since the render started
   */
  default void onFinish(Path path, Duration elapsed) {}

  /**
   * A listener that ignores everything.
   *
   * @return the silent listener
   */
  static ProgressListener none() {
    return Silent.INSTANCE;
  }

  /**
   * A progress bar on standard error, for programs run from a console (see {@link
   * ConsoleProgress}): one line redrawn in place on a terminal, plain lines otherwise. Library code
   * never prints; this listener exists for the caller who asks for console output.
   *
   * @return a new listener writing to {@link System#err}
   */
  static ProgressListener console() {
    return ConsoleProgress.forConsole(new java.io.PrintWriter(System.err, true));
  }

  /** The shared silent listener. */
  enum Silent implements ProgressListener {
    /** The one instance. */
    INSTANCE
  }
}
