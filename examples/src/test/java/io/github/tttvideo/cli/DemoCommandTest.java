package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return TttVideoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void demoShowsTheInnerLossFallingInEveryMiniBatch() {
    assertEquals(0, run("demo", "--seed", "7", "--variant", "mlp"), err.toString());
    String s = out.toString();
    assertTrue(s.contains("TTT-MLP demo, seed 7"), s);
    assertTrue(s.contains("| mini-batch | fwd before | fwd after |"), s);
    assertTrue(s.contains("|Z'| ="), s);
    assertTrue(s.contains("time:"), s);
    int rows = 0;
    for (String line : s.split("\n")) {
      if (line.matches("\\| \\d+ \\|.*")) {
        String[] c = line.split("\\|");
        double before = Double.parseDouble(c[2].trim());
        double after = Double.parseDouble(c[3].trim());
        assertTrue(after < before, "no test-time learning in: " + line);
        rows++;
      }
    }
    assertEquals(5, rows, s); // 2 * (8 + 2 * 16) / 16
  }

  @Test
  void linearVariantAndTokensOptionWork() {
    assertEquals(0, run("demo", "--variant", "linear", "--tokens", "144"), err.toString());
    assertTrue(out.toString().contains("TTT-Linear demo"), out.toString());
    assertTrue(out.toString().contains("L = 144"), out.toString());
  }

  @Test
  void badMiniBatchIsABadInputError() {
    assertEquals(TttVideoCli.EXIT_BAD_INPUT, run("demo", "--mini-batch", "7"));
    assertTrue(err.toString().contains("not a multiple of the mini-batch size 7"),
        err.toString());
  }
}
