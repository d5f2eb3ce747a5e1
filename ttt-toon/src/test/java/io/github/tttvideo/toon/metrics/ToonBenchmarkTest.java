package io.github.tttvideo.toon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ToonBenchmarkTest {
  private static final Logger LOG = LoggerFactory.getLogger(ToonBenchmarkTest.class);
  private static final int STORIES = 60;
  private final ToonRenderer renderer = new ToonRenderer();
  private final ToonBenchmark benchmark = new ToonBenchmark();

  @Test
  void groundTruthRendererScoresPerfectly() {
    StoryGenerator gen = new StoryGenerator();
    List<BenchmarkResult> results = new ArrayList<>();
    for (long seed = 0; seed < STORIES; seed++) {
      ToonStory story = gen.generate(5000 + seed);
      results.add(benchmark.evaluate(story, renderer.render(story).frames()));
    }
    BenchmarkResult pooled = BenchmarkResult.pool(results);
    LOG.info("ground-truth renderer over {} random stories:\n{}", STORIES, pooled.toTable());
    assertEquals(1.0, pooled.identityConsistency().value());
    assertEquals(1.0, pooled.eventMemory().value());
    assertEquals(1.0, pooled.textFollowing().value());
    assertEquals(0.0, pooled.boundaryJumpPx().value(), 1e-9);
    assertEquals(1.0, pooled.perFrameQuality().value());
    assertTrue(pooled.eventMemory().count() > 50);
    assertTrue(pooled.boundaryJumpPx().count() > 300);
  }

  @Test
  void wrongFurBreaksIdentity() {
    ToonStory story = new StoryGenerator().generate(11, 10);
    FurColour other = story.fur() == FurColour.ORANGE ? FurColour.BLACK : FurColour.ORANGE;
    ToonStory impostor = new ToonStory(other, story.segments());
    BenchmarkResult r = benchmark.evaluate(story, renderer.render(impostor).frames());
    assertEquals(0.0, r.identityConsistency().value());
  }

  @Test
  void forgottenEventsBreakEventMemory() {
    List<ToonSegment> segments = new ArrayList<>();
    segments.add(new ToonSegment(Room.KITCHEN, Action.JUMPS, Event.SUNGLASSES, false, true));
    for (int i = 0; i < 5; i++) {
      segments.add(new ToonSegment(Room.KITCHEN, Action.STAND_STILL, null, false, false));
    }
    ToonStory story = new ToonStory(FurColour.BLUE_GRAY, segments);
    assertEquals(1.0, benchmark.evaluate(story, renderer.render(story).frames())
        .eventMemory().value());

    // an amnesic "model": the first segment right, then five segments without the sunglasses
    List<ToonFrame> model = new ArrayList<>(renderer.render(
        new ToonStory(FurColour.BLUE_GRAY, List.of(segments.get(0)))).frames());
    List<ToonFrame> plain = renderer.render(new ToonStory(FurColour.BLUE_GRAY,
        List.of(new ToonSegment(Room.KITCHEN, Action.STAND_STILL, null, false, true)))).frames();
    for (int i = 1; i < segments.size(); i++) {
      model.addAll(plain);
    }
    BenchmarkResult r = benchmark.evaluate(story, model);
    assertEquals(0.0, r.eventMemory().value());
    assertEquals(5, r.eventMemory().count());
  }

  @Test
  void shuffledSegmentsJumpAtBoundaries() {
    ToonStory story = new StoryGenerator().generate(21, 12);
    RenderedStory video = renderer.render(story);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < story.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(3));
    List<ToonFrame> shuffled = new ArrayList<>();
    for (int i : order) {
      shuffled.addAll(video.segmentFrames(i));
    }
    BenchmarkResult r = benchmark.evaluate(story, shuffled);
    LOG.info("shuffled segments:\n{}", r.toTable());
    assertTrue(r.boundaryJumpPx().value() > 3, "jump " + r.boundaryJumpPx());
    assertTrue(r.textFollowing().value() < 1.0);
  }

  @Test
  void noiseScoresZeroQuality() {
    ToonStory story = new StoryGenerator().generate(2, 1);
    SplittableRandom rnd = new SplittableRandom(9);
    List<ToonFrame> noise = new ArrayList<>();
    for (int f = 0; f < 48; f++) {
      int[] px = new int[64 * 64];
      for (int i = 0; i < px.length; i++) {
        px[i] = rnd.nextInt(1 << 24);
      }
      noise.add(ToonFrame.ofArgb(px));
    }
    BenchmarkResult r = benchmark.evaluate(story, noise);
    assertEquals(0.0, r.perFrameQuality().value());
    assertEquals(0.0, r.textFollowing().value());
  }

  @Test
  void rejectsWrongFrameCount() {
    ToonStory story = new StoryGenerator().generate(2, 2);
    List<ToonFrame> frames = renderer.render(story).frames().subList(0, 50);
    assertThrows(InvalidInputException.class, () -> benchmark.evaluate(story, frames));
  }
}
