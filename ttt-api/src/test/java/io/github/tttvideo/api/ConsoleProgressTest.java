package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void redrawsOneLineOnATerminal() {
    StringWriter s = new StringWriter();
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(s), true);
    p.onStart(2, 1);
    p.onStep(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(1));
    p.onStep(2, 2, Duration.ofSeconds(2), Duration.ZERO);
    p.onSegmentDecoded(0, 1, 49, Duration.ofSeconds(3));
    p.onFinish(Path.of("x.mp4"), Duration.ofSeconds(65));
    String text = s.toString();
    assertTrue(text.contains("\r[###############...............] step 1/2"), text);
    assertTrue(text.contains("done in 1:05"), text);
    assertEquals(4, text.chars().filter(c -> c == '\n').count(), text);
  }

  @Test
  void writesPlainLinesElsewhere() {
    StringWriter plain = new StringWriter();
    ConsoleProgress q = new ConsoleProgress(new PrintWriter(plain), false);
    q.onStep(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(1));
    q.onSegmentDecoded(0, 2, 48, Duration.ofSeconds(2));
    assertFalse(plain.toString().contains("\r"));
    assertEquals(2, plain.toString().lines().count());
    assertEquals("1:01:01", ConsoleProgress.clock(Duration.ofSeconds(3661)));
    assertEquals("[" + ".".repeat(30) + "]", ConsoleProgress.bar(0, 4));
  }

  @Test
  void consoleIsAConsoleProgressBar() {
    assertInstanceOf(ConsoleProgress.class, ProgressListener.console());
  }
}
