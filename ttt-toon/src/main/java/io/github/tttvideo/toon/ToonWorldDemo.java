package io.github.tttvideo.toon;

import io.github.tttvideo.toon.metrics.ToonBenchmark;
import io.github.tttvideo.toon.render.PngExport;
import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.story.StoryboardJson;
import io.github.tttvideo.toon.world.ToonStory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a seeded random story to a PNG contact sheet and prints its storyboard JSON and the
 * ground-truth renderer's benchmark scores.
 *
 * <p>Usage: {@code ToonWorldDemo [seed [segments [out.png]]]}; defaults: seed 42, a random length,
 * {@code toon-story.png}.
 *
 * @since 0.1.0
 */
public final class ToonWorldDemo {
  private ToonWorldDemo() {}

  /**
   * Runs the demo.
   *
   * @param args seed, segment count, output PNG path (all optional)
   * @throws IOException if the PNG cannot be written
   */
  public static void main(String[] args) throws IOException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 42L;
    StoryGenerator generator = new StoryGenerator();
    ToonStory story = args.length > 1
        ? generator.generate(seed, Integer.parseInt(args[1]))
        : generator.generate(seed);
    Path out = Path.of(args.length > 2 ? args[2] : "toon-story.png");
    RenderedStory video = new ToonRenderer().render(story);
    PngExport.writeContactSheet(video, out);
    System.out.println(StoryboardJson.write(List.of(story)));
    System.out.println("contact sheet: " + out.toAbsolutePath());
    System.out.print(new ToonBenchmark().evaluate(story, video.frames()).toTable());
  }
}
