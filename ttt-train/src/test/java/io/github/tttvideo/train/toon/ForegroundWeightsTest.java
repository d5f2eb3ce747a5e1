package io.github.tttvideo.train.toon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.train.ToonClipDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss weights that stress the characters' cells. */
class ForegroundWeightsTest {

  private static final ModelConfig CONFIG = DjlTrainablesTest.tiny(); // 8 x 8 latent, 8x / 4x

  @Test
  void backgroundCellsWeighOneAndTomsCellsMore() {
    ForegroundWeights fg = new ForegroundWeights(4.0, CONFIG);
    for (long seed = 0; seed < 5; seed++) {
      RenderedStory video = new ToonRenderer().render(new StoryGenerator().generate(seed, 1));
      float[] w = fg.of(video);
      assertEquals(13 * 64, w.length, "[Nf 13, 1, 8, 8]");
      for (float v : w) {
        assertTrue(v >= 1f && v <= 5f, "weight " + v);
      }
      // latent frame 0 is the first rendered frame: the cell holding the centre of Tom's box
      // weighs more than 1, a cell no character, hole or accessory touches weighs exactly 1
      GroundTruth t0 = video.truths().get(0);
      Box tom = t0.tom().box();
      int cx = (tom.minX() + tom.maxX()) / 2 / 8;
      int cy = (tom.minY() + tom.maxY()) / 2 / 8;
      assertTrue(w[cy * 8 + cx] > 1.5f, "Tom's cell " + w[cy * 8 + cx] + " (seed " + seed + ")");
      int[] argb = video.frames().get(0).argb();
      int wall = t0.room().wall() & 0xFFFFFF;
      int floor = t0.room().floor() & 0xFFFFFF;
      for (int cell = 0; cell < 64; cell++) {
        boolean clean = true;
        for (int y = cell / 8 * 8; y < cell / 8 * 8 + 8; y++) {
          for (int x = cell % 8 * 8; x < cell % 8 * 8 + 8; x++) {
            int c = argb[y * 64 + x] & 0xFFFFFF;
            clean &= c == wall || c == floor;
          }
        }
        if (clean) {
          assertEquals(1f, w[cell], "background cell " + cell);
        } else {
          assertTrue(w[cell] > 1f, "foreground cell " + cell);
        }
      }
    }
  }

  @Test
  void zeroExtraIsThePlainMeanAndBadWeightsAreRefused() {
    RenderedStory video = new ToonRenderer().render(new StoryGenerator().generate(3, 1));
    for (float v : new ForegroundWeights(0, CONFIG).of(video)) {
      assertEquals(1f, v);
    }
    for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> new ForegroundWeights(bad, CONFIG));
    }
  }

  @Test
  void aCacheEntryIsCheckedAgainstItsTrainingClip() {
    ForegroundWeights fg = new ForegroundWeights(2, CONFIG);
    ToonClipDataset data = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    List<String> texts = data.clip(3, 7).texts();
    float[] w = fg.of(3, 7, texts);
    assertEquals(37 * 64, w.length);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fg.of(3, 8, texts));
    assertTrue(e.getMessage().contains("rebuild the cache"), e.getMessage());
  }
}
