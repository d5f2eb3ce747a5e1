package io.github.tttvideo.examples.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.models.ToonModelSource;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.core.story.SceneMarkers;
import io.github.tttvideo.core.story.SegmentPrompt;
import io.github.tttvideo.toon.story.StoryboardJson;
import io.github.tttvideo.core.story.StoryboardReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped toon model reads every word of every toon story: each segment's prompt (scene
 * markers included) fits its text tokens, and every word is in its vocabulary.
 */
class ShippedToonModelTextTest {

  @Test
  void everyPromptOfTheToonWorldFitsTheShippedModel() {
    Path dir = new ToonModelSource().find("toon").orElseThrow();
    ModelConfig config = ModelConfigReader.fromDirectory(dir);
    WordTokenizer tok = WordTokenizer.read(dir.resolve(WordTokenizer.FILE_NAME));
    int tt = config.textTokensPerSegment();
    StoryGenerator gen = new StoryGenerator();
    int longest = 0;
    for (long seed = 0; seed < 400; seed++) {
      ToonStory story = gen.generate((1L << 40) + seed, 1 + (int) (seed % 20));
      List<SegmentPrompt> prompts = SceneMarkers.prompts(StoryboardReader.defaults()
          .readJson(StoryboardJson.write(List.of(story)), "t").videos().get(0));
      for (SegmentPrompt sp : prompts) {
        String p = sp.text();
        List<String> words = WordTokenizer.words(p);
        longest = Math.max(longest, words.size());
        assertTrue(words.size() <= tt, words.size() + " words > " + tt + " tokens: " + p);
        for (int id : tok.encode(p, tt)) {
          assertFalse(id == WordTokenizer.UNK, "unknown word in " + p);
        }
      }
    }
    assertTrue(longest > 16, "the stories exercise long first segments: " + longest);
  }
}
