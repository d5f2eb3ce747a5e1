package io.github.tttvideo.toon.story;

import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;

/**
 * The result of parsing a storyboard: the story, and the sentences that were not understood and
 * therefore ignored.
 *
 * @param story the structured story
 * @param ignoredSentences each ignored sentence as {@code "segment <i>: <sentence>"}
 * @since 0.1.0
 */
public record ParsedStory(ToonStory story, List<String> ignoredSentences) {
  /**
   * Creates the result, copying the list.
   *
   * @param story see the record description
   * @param ignoredSentences see the record description
   */
  public ParsedStory {
    ignoredSentences = List.copyOf(ignoredSentences);
  }
}
