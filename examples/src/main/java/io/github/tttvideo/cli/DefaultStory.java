package io.github.tttvideo.cli;

import io.github.tttvideo.core.story.Storyboard;
import io.github.tttvideo.core.story.StoryboardReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The story that {@code ttt-video render} renders when it is given none: one minute (20 segments
 * of 3 s, 961 frames) in the toon world, five scenes in four rooms, every action and every
 * persistent event, written only with the world's sentences ({@code docs/toon-world.md}).
 *
 * <p>It is {@code StoryGenerator.generate(2^41 + 5, 20)} of ttt-toon, exported with {@code
 * StoryboardJson.write}: a seed outside both the training seeds ({@code [0, 2^40)}) and the
 * evaluation seeds ({@code 2^40 + k}), picked as the first seed from {@code 2^41} whose story has
 * an orange Tom, at least four scenes and rooms, all four events and all seven actions.
 */
final class DefaultStory {
  /** The class-path resource. */
  static final String RESOURCE = "/stories/default-60s.json";
  /** Where it is rendered when no {@code -o} is given. */
  static final Path OUTPUT = Path.of("out", "default-60s.mp4");

  private DefaultStory() {}

  /**
   * The storyboard JSON.
   *
   * @return the text of {@value #RESOURCE}
   */
  static String json() {
    try (InputStream in = DefaultStory.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the default story " + RESOURCE + " is missing from the"
            + " class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The storyboard, one video titled {@code default-60s}.
   *
   * @return the parsed storyboard
   */
  static Storyboard storyboard() {
    return StoryboardReader.defaults().readJson(json(), "default-60s.json");
  }
}
