package io.github.tttvideo.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyResultsTest {
  @TempDir Path tmp;

  /** A row with the given identity and event memory and a render time. */
  static BenchmarkRow row(String model, int segments, int story, double identity, double event,
      double renderS) {
    return new BenchmarkRow(model, "toon", "toon", segments, story, (1L << 40) + story, story, 20,
        "dpm", "DYNAMIC_COSINE:6.0", identity, Double.isNaN(identity) ? 0 : 3, event,
        Double.isNaN(event) ? 0 : 2, 0.5, segments, 1.5, 1, 0.25, 48 * segments, 0.75, 2,
        1.0, renderS, 0.8 * renderS, 0.2 * renderS, 1.5 * renderS, 1000, 1100 + segments, 200);
  }

  @Test
  void statIsTheMeanAndSampleStandardDeviationOfTheFiniteValues() {
    Stat s = Stat.of(1, 2, 3, 4, Double.NaN);
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3) / 2, s.standardError(), 1e-12);
    assertEquals("250.0 ± 129.1", s.format(100, 1));
    Stat one = Stat.of(0.5);
    assertEquals(1, one.n());
    assertTrue(Double.isNaN(one.std()));
    assertEquals("50.0", one.format(100, 1));
    assertEquals("n/a", Stat.of(Double.NaN).format(100, 1));
  }

  @Test
  void summaryGroupsByModelAndLengthAndComparesPairedByStory() {
    List<BenchmarkRow> rows = List.of(
        row("local", 20, 0, 0.50, 0.10, 100), row("local", 20, 1, 0.40, 0.30, 110),
        row("local", 20, 2, 0.60, Double.NaN, 120),
        row("ttt-mlp", 20, 0, 0.80, 0.40, 130), row("ttt-mlp", 20, 1, 0.70, 0.20, 140),
        row("ttt-mlp", 20, 2, 0.90, Double.NaN, 150), row("ttt-mlp", 3, 0, 1.0, 1.0, 10));
    BenchmarkSummary s = new BenchmarkSummary(rows, List.of("ttt-mlp", "local", "full"));
    assertEquals(List.of("ttt-mlp", "local"), s.models());
    assertEquals(List.of(3, 20), s.lengths());
    assertEquals(0.5, s.stat("local", 20, Metric.IDENTITY).mean(), 1e-12);
    assertEquals(0.1, s.stat("local", 20, Metric.IDENTITY).std(), 1e-12);
    assertEquals(2, s.stat("local", 20, Metric.EVENT).n());
    assertEquals(110, s.stat("local", 20, Metric.RENDER_TIME).mean(), 1e-9);
    assertEquals(0, s.stat("local", 3, Metric.IDENTITY).n());

    BenchmarkSummary.Comparison id = s.compare("ttt-mlp", "local", 20, Metric.IDENTITY);
    assertEquals(3, id.diff().n());
    assertEquals(0.3, id.diff().mean(), 1e-12);
    assertEquals(0.0, id.diff().std(), 1e-12);
    assertEquals(3, id.wins());
    assertEquals("beats", id.verdict());
    BenchmarkSummary.Comparison ev = s.compare("ttt-mlp", "local", 20, Metric.EVENT);
    assertEquals(2, ev.diff().n()); // story 2 has no event memory measurement
    assertEquals(0.1, ev.diff().mean(), 1e-12);
    assertEquals(1, ev.wins());
    assertEquals(1, ev.losses());
    assertEquals("ahead (within noise)", ev.verdict());
    assertEquals("behind", s.compare("local", "ttt-mlp", 20, Metric.IDENTITY).verdict());
    assertEquals("n/a", s.compare("ttt-mlp", "full", 20, Metric.IDENTITY).verdict());
  }

  @Test
  void rowsRoundTripThroughTheCsvAndTheRunResumes() throws Exception {
    Path csv = tmp.resolve("out/results.csv");
    assertEquals(List.of(), BenchmarkCsv.read(csv));
    BenchmarkRow a = row("ttt-mlp", 3, 0, 2.0 / 3, Double.NaN, 12.345678);
    BenchmarkRow b = row("local", 3, 0, 0.25, 0.5, 9);
    BenchmarkCsv.append(csv, a);
    BenchmarkCsv.append(csv, b);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(BenchmarkCsv.HEADER, lines.get(0));
    assertEquals(3, lines.size());
    List<BenchmarkRow> back = BenchmarkCsv.read(csv);
    assertEquals(2, back.size());
    assertEquals(a.key(), back.get(0).key());
    assertEquals(2.0 / 3, back.get(0).identity(), 1e-6);
    assertTrue(Double.isNaN(back.get(0).event()));
    assertEquals(12.345678, back.get(0).renderS(), 1e-4);
    assertEquals(b.toCsv(), back.get(1).toCsv());

    // a crash in the middle of a line: the partial line is ignored, then replaced
    Files.writeString(csv, "local,toon,to", StandardOpenOption.APPEND);
    assertEquals(2, BenchmarkCsv.read(csv).size());
    BenchmarkRow c = row("local", 10, 1, 0.5, 0.5, 30);
    BenchmarkCsv.append(csv, c);
    List<BenchmarkRow> resumed = BenchmarkCsv.read(csv);
    assertEquals(List.of(a.key(), b.key(), c.key()),
        resumed.stream().map(BenchmarkRow::key).toList());
    assertEquals(4, Files.readAllLines(csv).size());
  }

  @Test
  void aForeignCsvIsRefused() throws Exception {
    Path csv = tmp.resolve("other.csv");
    Files.writeString(csv, "a,b,c\n1,2,3\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchmarkCsv.read(csv));
    assertTrue(e.getMessage().contains("not a results file"), e.getMessage());
  }

  @Test
  void peakMemorySeesAHeapAllocationAndTrimsTheNativeHeapFirst() {
    byte[] big;
    PeakMemory.Result r;
    try (PeakMemory m = PeakMemory.start()) {
      big = new byte[64 << 20];
      big[big.length - 1] = 1;
      r = m.stop();
      if (Files.isRegularFile(Path.of("/proc/self/status"))) {
        assertTrue(m.trimmed(), "malloc_trim through JNA did not run");
        assertTrue(r.baselineRss() > 0, r.toString());
        assertTrue(r.peakRss() >= r.baselineRss(), r.toString());
      }
    }
    assertEquals(1, big[big.length - 1]);
    assertTrue(r.peakHeap() >= 64, r.toString());
  }

  @Test
  void fieldsWithCommasAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> row("a,b", 3, 0, 0.5, 0.5, 1));
  }
}
