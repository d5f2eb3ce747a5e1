package io.github.tttvideo.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.examples.eval.TinyToonModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void runsEndToEndOnATinyModelAndResumes() throws Exception {
    Path model = TinyToonModel.write(tmp.resolve("tiny"));
    Path out = tmp.resolve("results");
    Path doc = tmp.resolve("docs/benchmarks.md");
    // the same tiny model under two labels, so that the comparison has both sides
    String[] args = {"--models", "ttt-mlp=" + model + ",local=" + model, "--lengths", "1",
        "--stories", "1", "--steps", "2", "--sampler", "ddim", "--no-warmup",
        "--out", out.toString(), "--docs", doc.toString()};
    StringWriter err = new StringWriter();
    ConsistencyBenchmark.Result r = ConsistencyBenchmark.run(new PrintWriter(new StringWriter()),
        new PrintWriter(err), args);

    assertEquals(2, r.rendered(), err.toString());
    List<BenchmarkRow> csv = BenchmarkCsv.read(out.resolve("results.csv"));
    assertEquals(2, csv.size());
    for (BenchmarkRow row : csv) {
      assertEquals(1, row.segments());
      assertEquals(48, row.qualityN());
      assertEquals(2, row.steps());
      assertTrue(row.renderS() > 0 && row.samplingS() > 0 && row.decodeS() > 0, row.toString());
      assertEquals(row.renderS(), row.samplingS() + row.decodeS(), 0.05);
      assertTrue(row.loadS() >= 0, row.toString());
      assertTrue(row.cpuS() > 0, row.toString());
      assertTrue(row.peakHeapMib() > 0, row.toString());
      if (!Double.isNaN(row.rssBaseMib())) {
        assertTrue(row.peakRssMib() >= row.rssBaseMib(), row.toString());
      }
    }
    // same noise seed and story: both labels render the very same frames
    assertEquals(csv.get(0).quality(), csv.get(1).quality());
    assertEquals(csv.get(0).text(), csv.get(1).text());
    // the ground-truth sanity rows read 100 %
    BenchmarkRow truth = r.rows().stream()
        .filter(x -> x.model().equals(BenchmarkReport.GROUND_TRUTH)).findFirst().orElseThrow();
    assertEquals(1.0, truth.text(), 1e-9);
    assertEquals(1.0, truth.quality(), 1e-9);

    String md = Files.readString(doc);
    assertTrue(md.contains("| 3 s (1 seg.) | ttt-mlp | 1 | "), md);
    assertTrue(md.contains("| 3 s (1 seg.) | ground truth | 1 | 100.0 | "), md);
    assertTrue(md.contains("## `ttt-mlp` against `local` at the longest length"), md);
    assertTrue(md.contains("--models ttt-mlp=" + model + ",local=" + model), md);
    assertTrue(Files.size(doc.resolveSibling("benchmarks/render-time.png")) > 0);
    assertTrue(err.toString().contains("[2/2] local, 3 s, story 0 (2^40+"), err.toString());

    // again without --resume: refused, nothing rendered
    assertThrows(IllegalStateException.class, () -> ConsistencyBenchmark.run(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args));
    // with --resume: every row is there already
    String[] resumed = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--resume")).toArray(String[]::new);
    ConsistencyBenchmark.Result again = ConsistencyBenchmark.run(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), resumed);
    assertEquals(0, again.rendered());
    assertEquals(r.table(), again.table());
    assertEquals(2, BenchmarkCsv.read(out.resolve("results.csv")).size());
  }

  @Test
  void badModelListsAreUsageErrors() {
    assertThrows(RuntimeException.class,
        () -> ConsistencyBenchmark.resolveModels(List.of("bad label=toon"), true));
    assertThrows(RuntimeException.class,
        () -> ConsistencyBenchmark.resolveModels(List.of("x=/no/such/model/dir"), true));
    assertThrows(RuntimeException.class,
        () -> ConsistencyBenchmark.resolveModels(List.of("a=toon", "a=toon"), false));
    // a report from the CSV alone does not need the models
    ConsistencyBenchmark.ModelSpec absent =
        ConsistencyBenchmark.resolveModels(List.of("x=/no/such/model/dir"), false).get(0);
    assertEquals("x", absent.label());
    assertEquals(null, absent.dir());
  }
}
