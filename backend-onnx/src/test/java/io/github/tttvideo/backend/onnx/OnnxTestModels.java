package io.github.tttvideo.backend.onnx;

import io.github.tttvideo.api.Models;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.spi.DenoiseInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Model directories and inputs shared by the tests. */
final class OnnxTestModels {

  private OnnxTestModels() {}

  /** Width 32, 2 heads (d = 16), 8 x 8 latents with patch 2, text width 16, VAE widths 4. */
  static ModelConfig tiny(TttVariant variant, int layers) {
    double lr = variant == TttVariant.MLP ? 0.1 : 1.0;
    return new ModelConfig("tiny-" + variant.name().toLowerCase(java.util.Locale.ROOT), 32, 2,
        layers, variant, 16, lr, 2, 4, 16, 32, 0.1, 10000, 8, 4, 8, 8, 4, Map.of(), 4, 16, 16, 2,
        1e-6, 64, List.of(4, 4, 4, 4));
  }

  /** A randomly initialised model directory (the DJL backend's initialisation). */
  static Path tinyDirectory(Path parent, TttVariant variant, int layers, long seed) {
    return DjlModels.initialize(tiny(variant, layers), seed,
        parent.resolve(variant.name().toLowerCase(java.util.Locale.ROOT) + "-" + layers));
  }

  /** The embedded toon model's directory (unpacked by ttt-models). */
  static Path toon() {
    return ModelDirectories.resolve(Models.toon());
  }

  /** Random latents and text of an n-segment story. */
  static DenoiseInput input(ModelConfig c, int segments, int timestep, long seed) {
    SequenceLayout layout = SequenceLayout.of(segments, c);
    int nf = layout.latentFrames();
    float[] latents = gaussian(nf * c.latentChannels() * c.latentHeight() * c.latentWidth(),
        seed, 1.0);
    float[] text = gaussian(layout.textTokens() * c.textDim(), seed + 1, 1.0);
    return new DenoiseInput(latents, nf, text, segments, layout.textTokensPerSegment(), timestep);
  }

  static float[] gaussian(int n, long seed, double scale) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  /** max |x - ref| / max |ref|. */
  static double relativeError(float[] x, float[] ref) {
    if (x.length != ref.length) {
      throw new AssertionError("length " + x.length + " != " + ref.length);
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num = Math.max(num, Math.abs((double) x[i] - ref[i]));
      den = Math.max(den, Math.abs(ref[i]));
    }
    return num / den;
  }
}
