package io.github.tttvideo.train.toon;

import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.train.ToonClipDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The toon model's vocabulary: every word of the toon world's sentences, collected from generated
 * stories (with scene markers, so also the markers' neighbours) and united with the spec's word
 * list {@link DjlModels#TOON_WORDS}, sorted; the tokenizer adds its reserved ids in front.
 *
 * @since 0.1.0
 */
public final class ToonVocabulary {
  private ToonVocabulary() {}

  /**
   * Builds the word list.
   *
   * @param stories how many generated 20-segment stories to read
   * @param seed first story seed
   * @return the words, sorted, without the reserved tokens
   */
  public static List<String> build(int stories, long seed) {
    TreeSet<String> words = new TreeSet<>(DjlModels.TOON_WORDS);
    StoryGenerator gen = new StoryGenerator();
    for (int i = 0; i < stories; i++) {
      ToonStory story = gen.generate(seed + i, 20);
      for (String text : ToonClipDataset.texts(story)) {
        for (String w : WordTokenizer.words(text)) {
          if (!WordTokenizer.RESERVED.contains(w)) {
            words.add(w);
          }
        }
      }
    }
    return new ArrayList<>(words);
  }

  /** {@return the spec's word list (tests)} */
  static List<String> words() {
    return DjlModels.TOON_WORDS;
  }
}
