package io.github.tttvideo.api;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar on standard error, for programs run from a console: on a terminal one line is
 * redrawn in place ({@code \r}); otherwise (a pipe, a log file, a test) one plain line is written
 * per step and per segment.
 *
 * <p>This is the one place in the API that writes to a stream, and only because a caller asked
 * for it with {@link ProgressListener#console()}: library code reports through SLF4J and never
 * prints. It lives in the API (rather than in the command-line program) so that the two-line
 * example of the user guide needs nothing else.
 *
 * <pre>{@code
 * story.render(Path.of("out.mp4"), ProgressListener.console());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ConsoleProgress implements ProgressListener {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private boolean lineOpen;

  /**
   * A bar written to a given writer.
   *
   * @param err where to write
   * @param terminal whether to redraw one line in place (true on an interactive terminal)
   */
  public ConsoleProgress(PrintWriter err, boolean terminal) {
    this.err = java.util.Objects.requireNonNull(err, "err");
    this.terminal = terminal;
  }

  /**
   * A bar for the current process, written to the given writer: redrawn in place when the
   * process has a console.
   *
   * @param err where to write
   * @return the listener
   */
  public static ConsoleProgress forConsole(PrintWriter err) {
    return new ConsoleProgress(err, System.console() != null);
  }

  @Override
  public synchronized void onStart(int totalSteps, int totalSegments) {
    if (totalSteps > 0) {
      line("sampling: " + totalSteps + " steps, then decoding " + totalSegments + " segment(s)");
    } else {
      line("decoding " + totalSegments + " segment(s)");
    }
  }

  @Override
  public synchronized void onStep(int step, int total, Duration elapsed, Duration eta) {
    String text = bar(step, total) + " step " + step + "/" + total + "  elapsed " + clock(elapsed)
        + "  eta " + clock(eta);
    redraw(text, step == total);
  }

  @Override
  public synchronized void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {
    String text = bar(index + 1, total) + " segment " + (index + 1) + "/" + total + " ("
        + frames + " frames)  elapsed " + clock(elapsed);
    redraw(text, index + 1 == total);
  }

  @Override
  public synchronized void onFinish(Path path, Duration elapsed) {
    line("done in " + clock(elapsed));
  }

  private void redraw(String text, boolean last) {
    if (terminal) {
      err.print("\r" + text + "   ");
      lineOpen = !last;
      if (last) {
        err.println();
      }
      err.flush();
    } else {
      line(text);
    }
  }

  private void line(String text) {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
    err.println(text);
    err.flush();
  }

  /**
   * A bar of 30 cells.
   *
   * @param done units done
   * @param total all units
   * @return for example {@code [###############...............]}
   */
  static String bar(int done, int total) {
    int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
    filled = Math.max(0, Math.min(WIDTH, filled));
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  /**
   * A duration as {@code m:ss}, or {@code h:mm:ss} from one hour on.
   *
   * @param d the duration
   * @return the clock text
   */
  public static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
