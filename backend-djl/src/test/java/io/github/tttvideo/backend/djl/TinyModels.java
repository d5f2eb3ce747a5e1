package io.github.tttvideo.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.core.model.ModelConfig;
import java.util.HashMap;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny model configs for fast tests. */
public final class TinyModels {

  private TinyModels() {}

  /**
   * Width 32, 2 heads (d = 16), latent 8 x 8 with patch 2 (a 4 x 4 grid, S = 16), text width 16,
   * Tt >= 4, VAE widths 4 at every level.
   *
   * @param variant TTT variant
   * @param layers layers
   * @param framesPerSegment pixel frames per segment (latent frames per segment = this / 4)
   * @return the config
   */
  public static ModelConfig config(TttVariant variant, int layers, int framesPerSegment) {
    return config(variant, layers, framesPerSegment, Map.of());
  }

  /**
   * {@link #config(TttVariant, int, int)} with Tt fixed for some numbers of segments.
   *
   * @param variant TTT variant
   * @param layers layers
   * @param framesPerSegment pixel frames per segment
   * @param textTokens segments to Tt
   * @return the config
   */
  public static ModelConfig config(TttVariant variant, int layers, int framesPerSegment,
      Map<Integer, Integer> textTokens) {
    double lr = variant == TttVariant.MLP ? 0.1 : 1.0;
    return new ModelConfig("tiny", 32, 2, layers, variant, 16, lr,
        2, 4, 16, 32, 0.1, 10000, 8, 4, 8, 8, 4, textTokens, 4, 16, framesPerSegment, 2, 1e-6, 64,
        List.of(4, 4, 4, 4));
  }

  /**
   * Randomly initialised tensors of a model as NDArrays.
   *
   * @param c config
   * @param seed seed
   * @param m manager
   * @return name to array
   */
  public static Map<String, NDArray> arrays(ModelConfig c, long seed, NDManager m) {
    Map<String, long[]> shapes = TttDenoiserParameters.all(c);
    Map<String, NDArray> out = new HashMap<>();
    DjlModels.randomWeights(c, seed).forEach(
        (k, v) -> out.put(k, m.create(v, new Shape(shapes.get(k)))));
    return out;
  }

  /**
   * Gaussian values.
   *
   * @param n count
   * @param seed seed
   * @param scale standard deviation
   * @return the values
   */
  public static float[] gaussian(int n, long seed, double scale) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  /**
   * max |x - ref| / max |ref|.
   *
   * @param x values
   * @param ref reference
   * @return the relative error
   */
  public static double relativeError(float[] x, float[] ref) {
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
