package io.github.tttvideo.examples.bench;

import static io.github.tttvideo.examples.bench.ConsistencyResultsTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyReportTest {
  @TempDir Path tmp;

  private static final List<String> MIXERS = List.of("local", "sliding", "ttt-linear", "ttt-mlp",
      "full");

  /** Five mixers, three lengths, three stories; full attention's time grows quadratically. */
  private static BenchmarkSummary synthetic() {
    List<BenchmarkRow> rows = new ArrayList<>();
    for (int m = 0; m < MIXERS.size(); m++) {
      for (int len : List.of(3, 10, 20)) {
        for (int k = 0; k < 3; k++) {
          double memory = MIXERS.get(m).startsWith("ttt") || m == 4 ? 0.8 : 0.4;
          double time = m == 4 ? 0.5 * len * len : 4.0 * len;
          rows.add(row(MIXERS.get(m), len, k, memory - 0.01 * len + 0.05 * k,
              memory - 0.02 * len + 0.03 * k, time + k));
        }
      }
    }
    return new BenchmarkSummary(rows, MIXERS);
  }

  @Test
  void tableHasOneRowPerModelAndLength() {
    String table = new BenchmarkReport(synthetic()).table();
    List<String> lines = table.lines().toList();
    assertEquals(2 + 5 * 3, lines.size(), table);
    assertTrue(lines.get(0).startsWith("| length | model | stories | identity consistency (%) |"),
        lines.get(0));
    assertTrue(table.contains("| 60 s (20 seg.) | full | 3 | "), table);
    // local, 9 s: identity 0.4 - 0.03 + {0, 0.05, 0.1} -> 42.0 ± 5.0 %
    assertTrue(table.contains("| 9 s (3 seg.) | local | 3 | 42.0 ± 5.0 | "), table);
  }

  @Test
  void plotsAreWrittenOnePngPerMetric() throws Exception {
    List<Path> files = new BenchmarkReport(synthetic()).writePlots(tmp.resolve("plots"));
    assertEquals(BenchmarkReport.PLOTS.size(), files.size());
    for (Path f : files) {
      assertTrue(Files.size(f) > 5_000, f + " is only " + Files.size(f) + " bytes");
      BufferedImage img = ImageIO.read(f.toFile());
      assertEquals(820, img.getWidth());
      assertEquals(480, img.getHeight());
    }
    assertTrue(files.contains(tmp.resolve("plots/render-time.png")));
    assertTrue(files.contains(tmp.resolve("plots/identity-consistency.png")));
    // the five series are drawn in colour: the first series' blue is on the image
    BufferedImage img = ImageIO.read(tmp.resolve("plots/render-time.png").toFile());
    assertTrue(contains(img, 0x1F77B4), "no series drawn");
  }

  @Test
  void groundTruthIsAGreyReferenceLineAndTheContendersKeepTheirColours() throws Exception {
    List<BenchmarkRow> rows = new ArrayList<>();
    for (int len : List.of(3, 20)) {
      rows.add(row(BenchmarkReport.GROUND_TRUTH, len, 0, 1.0, 1.0, Double.NaN));
      rows.add(row("ttt-mlp", len, 0, 0.5, 0.5, 10 * len));
    }
    BenchmarkSummary s = new BenchmarkSummary(rows,
        List.of(BenchmarkReport.GROUND_TRUTH, "ttt-mlp"));
    new BenchmarkReport(s).writePlots(tmp.resolve("gt"));
    BufferedImage img = ImageIO.read(tmp.resolve("gt/identity-consistency.png").toFile());
    assertTrue(contains(img, 0x1F77B4), "ttt-mlp is not drawn in the first colour");
    assertTrue(contains(img, 0x969696), "ground truth is not drawn in grey");
  }

  private static boolean contains(BufferedImage img, int rgb) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void comparisonIsComputedFromTheNumbersAtTheLongestLength() {
    BenchmarkReport r = new BenchmarkReport(synthetic());
    String text = r.comparison("ttt-mlp", "local");
    // at 60 s: identity 0.8 - 0.2 vs 0.4 - 0.2: +40 points in every story
    assertTrue(text.startsWith("At 60 s (20 segments), `ttt-mlp` against `local`"), text);
    assertTrue(text.contains("| identity consistency | 65.0 ± 5.0 % | 25.0 ± 5.0 % | +40.0 ± 0.0"
        + " pts (n=3) | +40.0 .. +40.0 | 3 / 0 | beats |"), text);
    assertTrue(text.contains("On identity consistency, `ttt-mlp` beats `local` by +40.0"
        + " percentage points"), text);
    assertTrue(text.contains("On event memory, `ttt-mlp` beats `local` by +40.0"), text);
    assertTrue(r.comparison("ttt-mlp", "mamba").startsWith("Not available"));
  }

  @Test
  void pageHoldsCommandTablePlotsComparisonAndKeepsTheAuthorsNote() throws Exception {
    BenchmarkReport r = new BenchmarkReport(synthetic());
    Path doc = tmp.resolve("docs/benchmarks.md");
    List<Path> plots = r.writePlots(tmp.resolve("docs/benchmarks"));
    assertNull(BenchmarkReport.existingNote(doc));
    String md = r.markdown("java ... ConsistencyBenchmark --models x", List.of("method one"),
        List.of("setting one"), plots, doc, "ttt-mlp", "local", null);
    assertTrue(md.contains("```bash\njava ... ConsistencyBenchmark --models x\n```"), md);
    assertTrue(md.contains("- method one\n"), md);
    assertTrue(md.contains("![render time](benchmarks/render-time.png)"), md);
    assertTrue(md.contains("## `ttt-mlp` against `local` at the longest length"), md);
    assertTrue(md.contains(r.table()), md);
    Files.createDirectories(doc.getParent());
    Files.writeString(doc, md.replace("_(to be written", "TTT-MLP remembers.\n_(to be written"));
    String note = BenchmarkReport.existingNote(doc);
    assertTrue(note.startsWith("TTT-MLP remembers.\n"), note);
    String again = r.markdown("cmd", List.of(), List.of(), plots, doc, "ttt-mlp", "local", note);
    assertTrue(again.contains(BenchmarkReport.NOTE_START + "\nTTT-MLP remembers.\n"), again);
    assertEquals(note, BenchmarkReport.existingNote(writeAndReturn(doc, again)));
  }

  private static Path writeAndReturn(Path doc, String text) throws Exception {
    Files.writeString(doc, text);
    return doc;
  }
}
