package io.github.tttvideo.train.toon;

import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.train.ToonClipDataset;
import java.util.List;

/**
 * Per-position weights of the denoiser's loss that stress where the characters are: a latent cell
 * weighs {@code 1 + extra * f}, where {@code f} is the share of its pixels (over the video frames
 * its latent frame encodes) that are neither the room's wall nor its floor colour. The toon
 * world's backgrounds are two flat bands that the model learns first; Tom (about 16 x 12 px, two
 * latent cells) is a few per cent of the loss, and his fur colour is what the identity metrics
 * read.
 *
 * <p>The weights come from the ground truth of the training story that a cache entry was encoded
 * from ({@link ToonClipDataset#clip}: entry {@code i} of a cache is the training clip {@code i} of
 * its length), rendered again when asked for; a cache whose texts are not those of the story is
 * refused, so a weight can never belong to another clip.
 *
 * @since 0.1.0
 */
final class ForegroundWeights {

  private final double extra;
  private final ModelConfig config;
  private final ToonClipDataset data = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
  private final StoryGenerator generator = new StoryGenerator();
  private final ToonRenderer renderer = new ToonRenderer();

  /**
   * Weights for a model's latent grid.
   *
   * @param extra the weight added to a cell that is all foreground, at least 0
   * @param config the model config (latent grid and VAE factors)
   */
  ForegroundWeights(double extra, ModelConfig config) {
    if (!(extra >= 0) || Double.isInfinite(extra)) {
      throw new IllegalArgumentException("foreground weight must be finite and >= 0, got "
          + extra);
    }
    this.extra = extra;
    this.config = config;
  }

  /**
   * The weights of a cache entry.
   *
   * @param segments the clip's segments
   * @param index the entry's index (= the training clip's index)
   * @param texts the entry's texts, checked against the story's
   * @return {@code [Nf, 1, h, w]} row-major, Nf = 1 + 12 segments for the toon VAE
   * @throws IllegalStateException if the texts are not those of training clip {@code index}
   */
  float[] of(int segments, long index, List<String> texts) {
    ToonStory story = generator.generate(data.seedOf(index), segments);
    if (!ToonClipDataset.texts(story).equals(texts)) {
      throw new IllegalStateException("cache entry " + index + " of " + segments
          + "-segment clips is not training clip " + index + "; rebuild the cache");
    }
    return of(renderer.render(story));
  }

  /**
   * The weights of a rendered story, laid out like its training clip (frame 0 repeated first).
   *
   * @param video the story with its ground truth
   * @return {@code [Nf, 1, h, w]} row-major
   */
  float[] of(RenderedStory video) {
    int frames = ToonClipDataset.framesOf(video.story().size());
    int tf = config.vaeTemporal();
    int nf = 1 + (frames - 1) / tf;
    int h = config.latentHeight();
    int w = config.latentWidth();
    int cell = config.vaeSpatial();
    int side = h * cell;
    float[] out = new float[nf * h * w];
    for (int j = 0; j < nf; j++) {
      // latent frame 0 encodes clip frame 0; latent j >= 1 the clip frames 4j-3 .. 4j
      int from = j == 0 ? 0 : tf * (j - 1) + 1;
      int to = j == 0 ? 0 : tf * j;
      int count = to - from + 1;
      float[] fg = new float[h * w];
      for (int f = from; f <= to; f++) {
        int r = Math.max(0, f - 1); // clip frame f is rendered frame f - 1 (frame 0 twice)
        int[] argb = video.frames().get(r).argb();
        if (argb.length != side * side) {
          throw new IllegalArgumentException("frames of " + argb.length + " pixels do not fit a "
              + h + " x " + w + " latent of " + cell + " x " + cell + " cells");
        }
        GroundTruth truth = video.truths().get(r);
        int wall = truth.room().wall() & 0xFFFFFF;
        int floor = truth.room().floor() & 0xFFFFFF;
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            int c = argb[y * side + x] & 0xFFFFFF;
            if (c != wall && c != floor) {
              fg[(y / cell) * w + x / cell] += 1f;
            }
          }
        }
      }
      float per = (float) count * cell * cell;
      for (int i = 0; i < h * w; i++) {
        out[j * h * w + i] = (float) (1 + extra * fg[i] / per);
      }
    }
    return out;
  }
}
