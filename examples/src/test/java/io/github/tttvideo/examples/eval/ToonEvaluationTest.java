package io.github.tttvideo.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.metrics.BenchmarkResult;
import io.github.tttvideo.toon.metrics.Score;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToonEvaluationTest {
  @TempDir Path tmp;

  @Test
  void theRightRoomIsSplitByWhatTheTextSaysAboutIt() {
    // a living-room scene (named, named again, not named), then a beach scene (named, not named)
    ToonStory story = new ToonStory(FurColour.ORANGE, List.of(
        new ToonSegment(Room.LIVING_ROOM, Action.JUMPS, null, false, true),
        new ToonSegment(Room.LIVING_ROOM, Action.SLEEPS, null, false, true),
        new ToonSegment(Room.LIVING_ROOM, Action.JUMPS, null, false, false),
        new ToonSegment(Room.BEACH, Action.STAND_STILL, null, true, true),
        new ToonSegment(Room.BEACH, Action.JUMPS, null, false, false)));
    // frames that never leave the living room: the scene change and its carry-over are missed
    ToonStory stuck = new ToonStory(FurColour.ORANGE, story.segments().stream()
        .map(s -> new ToonSegment(Room.LIVING_ROOM, s.action(), s.event(), s.newScene(),
            s.statesSetting()))
        .toList());
    ToonRenderer renderer = new ToonRenderer();
    PaletteProbe probe = new PaletteProbe();
    StoryScores right = StoryScores.of(story, renderer.render(story).frames(), probe, 1);
    assertEquals(new StoryScores.RoomSplit(new Score(1, 1), new Score(1, 1), new Score(1, 1),
        new Score(1, 2)), right.rooms());
    StoryScores wrong = StoryScores.of(story, renderer.render(stuck).frames(), probe, 1);
    assertEquals(new Score(0.6, 5), wrong.rightRoom());
    assertEquals(new StoryScores.RoomSplit(new Score(1, 1), new Score(0, 1), new Score(1, 1),
        new Score(0.5, 2)), wrong.rooms());
    // pooled by measurement
    StoryScores both = StoryScores.pool(List.of(right, wrong));
    assertEquals(new Score(1, 2), both.rooms().first());
    assertEquals(new Score(0.5, 2), both.rooms().newScene());
    assertEquals(new Score(0.75, 4), both.rooms().unnamed());
    assertEquals(new Score(1, 2), both.rooms().namedAgain());
  }

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
    // header, rule, 2 rows; header, rule, 3 checks; header, rule, 2 rows of the room split
    assertEquals(4 + 5 + 4, tableRows, text);
    assertTrue(text.contains("| first segment | new scene | named again | not named (carried) |"),
        text);
    assertEquals(1, r.model().rooms().first().count());
    assertEquals(1, r.model().rooms().newScene().count() + r.model().rooms().namedAgain().count()
        + r.model().rooms().unnamed().count());
  }

  /** {@code --noise-seed} redraws the noise of the same stories; the same seed renders the same. */
  @Test
  void theNoiseSeedRedrawsTheSamplesOfTheSameStories() throws Exception {
    Path model = TinyToonModel.write(tmp.resolve("tiny-noise"));
    double[] palette = new double[3];
    String[] texts = new String[3];
    long[] seeds = {0, 0, 7};
    for (int i = 0; i < 3; i++) {
      StringWriter out = new StringWriter();
      EvaluationReport r = ToonEvaluation.run(new PrintWriter(out),
          new PrintWriter(new StringWriter()), "--model", model.toString(), "--stories", "1",
          "--segments", "1", "--steps", "2", "--sampler", "ddim", "--noise-seed",
          Long.toString(seeds[i]));
      palette[i] = r.model().paletteShare().value();
      texts[i] = out.toString();
    }
    assertEquals(palette[0], palette[1], 0.0, "same noise seed, same frames");
    assertTrue(palette[0] != palette[2], "another noise seed draws other frames: " + palette[0]);
    assertTrue(texts[0].contains("noise seed = story index"), texts[0]);
    assertTrue(texts[2].contains("noise seed = 7 + story index"), texts[2]);
    StringWriter err = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err);
    assertThrows(IllegalStateException.class, () -> ToonEvaluation.run(
        new PrintWriter(new StringWriter()), errWriter, "--model", model.toString(),
        "--noise-seed", "-1"));
    errWriter.flush();
    assertTrue(err.toString().contains("--noise-seed must be >= 0, got -1"), err.toString());
  }
}
