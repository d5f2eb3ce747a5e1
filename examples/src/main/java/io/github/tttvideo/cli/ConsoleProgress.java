package io.github.tttvideo.cli;

import io.github.tttvideo.api.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar on standard error: on a terminal, one line redrawn in place ({@code \r}); else
 * (a pipe, a log file, a test) one plain line per step and per segment.
 */
final class ConsoleProgress implements ProgressListener {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private boolean lineOpen;

  ConsoleProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * A bar for the current process: redrawn in place when standard error is a terminal.
   *
   * @param err where to write
   * @return the listener
   */
  static ConsoleProgress forConsole(PrintWriter err) {
    return new ConsoleProgress(err, System.console() != null);
  }

  @Override
  public void onStart(int totalSteps, int totalSegments) {
    if (totalSteps > 0) {
      line("sampling: " + totalSteps + " steps, then decoding " + totalSegments + " segment(s)");
    } else {
      line("decoding " + totalSegments + " segment(s)");
    }
  }

  @Override
  public void onStep(int step, int total, Duration elapsed, Duration eta) {
    String text = bar(step, total) + " step " + step + "/" + total + "  elapsed " + clock(elapsed)
        + "  eta " + clock(eta);
    redraw(text, step == total);
  }

  @Override
  public void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {
    String text = bar(index + 1, total) + " segment " + (index + 1) + "/" + total + " ("
        + frames + " frames)  elapsed " + clock(elapsed);
    redraw(text, index + 1 == total);
  }

  @Override
  public void onFinish(Path path, Duration elapsed) {
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

  static String bar(int done, int total) {
    int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
