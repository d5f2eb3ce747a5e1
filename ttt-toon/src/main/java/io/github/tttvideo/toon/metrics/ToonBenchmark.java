package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores frames of any source against a structured story with the five toon-world metrics, from
 * pixels only.
 *
 * <pre>{@code
 * ToonStory story = new StoryGenerator().generate(42);
 * List<ToonFrame> frames = myModel.generate(StoryboardJson.entries(story));
 * BenchmarkResult result = new ToonBenchmark().evaluate(story, frames);
 * System.out.print(result.toTable());
 * }</pre>
 *
 * <p>Not thread-safe (it holds a {@link PaletteProbe}); use one per thread.
 *
 * @since 0.1.0
 */
public final class ToonBenchmark {
  private final PaletteProbe probe = new PaletteProbe();

  /**
   * Probes every frame and computes the five metrics.
   *
   * @param story the story the frames should show
   * @param frames 48 frames per segment, in order
   * @return the metrics
   * @throws InvalidInputException if the frame count does not match the story
   */
  public BenchmarkResult evaluate(ToonStory story, List<ToonFrame> frames) {
    if (frames.size() != story.frameCount()) {
      throw new InvalidInputException(
          "frames must hold " + story.frameCount() + " frames (" + story.size() + " segments x "
              + ToonWorld.FRAMES_PER_SEGMENT + "), got " + frames.size());
    }
    List<SegmentReadings> segments = new ArrayList<>(story.size());
    for (int i = 0; i < story.size(); i++) {
      List<ProbeReading> readings = new ArrayList<>(ToonWorld.FRAMES_PER_SEGMENT);
      for (int f = 0; f < ToonWorld.FRAMES_PER_SEGMENT; f++) {
        readings.add(probe.read(frames.get(i * ToonWorld.FRAMES_PER_SEGMENT + f)));
      }
      segments.add(new SegmentReadings(readings));
    }
    return evaluateReadings(story, segments);
  }

  /**
   * Computes the five metrics from readings already taken.
   *
   * @param story the story
   * @param segments the readings, one per segment
   * @return the metrics
   */
  public static BenchmarkResult evaluateReadings(
      ToonStory story, List<SegmentReadings> segments) {
    if (segments.size() != story.size()) {
      throw new InvalidInputException(
          "segments must hold " + story.size() + " readings, got " + segments.size());
    }
    return new BenchmarkResult(
        IdentityConsistency.compute(story, segments),
        EventMemory.compute(story, segments),
        TextFollowing.compute(story, segments),
        BoundaryContinuity.compute(story, segments),
        PerFrameQuality.compute(segments));
  }
}
