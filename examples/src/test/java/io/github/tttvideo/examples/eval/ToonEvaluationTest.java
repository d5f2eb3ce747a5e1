package io.github.tttvideo.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.metrics.BenchmarkResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToonEvaluationTest {
  @TempDir Path tmp;

  @Test
  void runsEndToEndOnATinyRandomModelWithAGroundTruthSanityRow() throws Exception {
    Path model = TinyToonModel.write(tmp.resolve("tiny"));
    Path md = tmp.resolve("docs/eval.md");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    EvaluationReport r = ToonEvaluation.run(new PrintWriter(out), new PrintWriter(err),
        "--model", model.toString(), "--stories", "1", "--segments", "2", "--steps", "2",
        "--sampler", "ddim", "--out", md.toString());

    // The ground-truth renderer scores (about) 100 % on everything it can be measured on.
    BenchmarkResult gt = r.groundTruth().benchmark();
    assertEquals(1.0, gt.textFollowing().value(), 1e-9);
    assertEquals(2, gt.textFollowing().count());
    assertEquals(1.0, gt.perFrameQuality().value(), 1e-9);
    assertEquals(96, gt.perFrameQuality().count());
    if (gt.identityConsistency().count() > 0) {
      assertEquals(1.0, gt.identityConsistency().value(), 1e-9);
    }
    assertEquals(1.0, r.groundTruth().paletteShare().value(), 1e-9);
    assertEquals(1.0, r.groundTruth().rightRoom().value(), 1e-9);
    if (r.groundTruth().furLater().count() > 0) {
      assertEquals(1.0, r.groundTruth().furLater().value(), 1e-9);
    }
    // The model row is measured on as many frames and segments (no quality is asserted).
    assertEquals(96, r.model().benchmark().perFrameQuality().count());
    assertEquals(2, r.model().rightRoom().count());
    assertTrue(r.model().seconds() > 0);
    // Noise frames fail the quality check, so their "fur" never counts as a match.
    assertEquals(0.0, r.model().benchmark().perFrameQuality().value(), 1e-9);
    if (r.model().furLater().count() > 0) {
      assertEquals(0.0, r.model().furLater().value(), 1e-9);
    }

    String text = out.toString();
    assertEquals(text, Files.readString(md));
    assertTrue(text.contains("| " + String.join(" | ", EvaluationReport.COLUMNS) + " |"), text);
    assertTrue(text.contains("| ground truth (ToonRenderer) | 100.0 % (n="), text);
    assertTrue(text.contains("| model " + model), text);
    assertTrue(text.contains("pixels close to the world's palette | >= 90 %"), text);
    assertTrue(text.contains("seeds 2^40+0 .. 2^40+0"), text);
    assertTrue(err.toString().contains("story 1/1"), err.toString());
    long tableRows = text.lines().filter(l -> l.startsWith("| ")).count();
    assertEquals(4 + 5, tableRows, text); // header, rule, 2 rows; header, rule, 3 checks
  }
}
