package io.github.tttvideo.train.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.train.NamedParameters;
import io.github.tttvideo.train.TextBatch;
import io.github.tttvideo.train.TrainRandom;
import io.github.tttvideo.train.TrainableModel;
import java.util.List;
import java.util.Locale;

/**
 * A toy video model with the reference's latent geometry in miniature.
 *
 * <p>Encoder (fixed, no parameters): keep every 4th frame (frames 0, 4, ..., 48 n: {@code 1 + 12
 * n} latent frames, as the causal VAE's 4x temporal compression) and average 8 x 8 pixel blocks
 * (8x spatial compression): [B, 1 + 48 n, 3, 64, 64] -> [B, 1 + 12 n, 192] (3 x 8 x 8 per frame).
 *
 * <p>Denoiser, per latent frame: {@code h = tanh(x W1 + b1 + time(t) Wt + text W_text)}, then a
 * gated "TTT" branch {@code h += tanh(ttt.gate) * tanh(h ttt.W + ttt.b)}, then {@code v = h Wo +
 * bo}. The text of latent frame f is the bag of hashed words of its segment (frame 0 and the first
 * 12 belong to segment 0); a dropped example's text features are zero. Parameter names follow the
 * reference's conventions, so the TTT LR group and the "qkvo" selection pick the {@code ttt.*}
 * parameters.
 *
 * @since 0.1.0
 */
public final class ToyVideoModel implements TrainableModel {
  /** Latent features per frame (3 channels x 8 x 8). */
  public static final int LATENT = 3 * 8 * 8;
  /** Hash buckets of the bag-of-words text features. */
  public static final int TEXT_BUCKETS = 64;

  private final NamedParameters params = new NamedParameters();
  private final int hidden;

  /**
   * Creates the model with seeded random weights.
   *
   * @param manager where the parameters live
   * @param hidden hidden width
   * @param seed initialisation seed
   */
  public ToyVideoModel(NDManager manager, int hidden, long seed) {
    this.hidden = hidden;
    TrainRandom rng = new TrainRandom(seed);
    params.add("mlp.fc1.weight", randn(manager, rng, new Shape(LATENT, hidden), LATENT));
    params.add("mlp.fc1.bias", manager.zeros(new Shape(hidden)));
    params.add("time_embed.weight", randn(manager, rng, new Shape(4, hidden), 4));
    params.add("text_embed.weight", randn(manager, rng, new Shape(TEXT_BUCKETS, hidden), 16));
    params.add("ttt.mix.weight", randn(manager, rng, new Shape(hidden, hidden), hidden));
    params.add("ttt.mix.bias", manager.zeros(new Shape(hidden)));
    params.add("ttt.gate", manager.full(new Shape(hidden), 0.1f));
    params.add("out.weight", randn(manager, rng, new Shape(hidden, LATENT), hidden));
    params.add("out.bias", manager.zeros(new Shape(LATENT)));
  }

  private static NDArray randn(NDManager m, TrainRandom rng, Shape shape, int fanIn) {
    float[] v = rng.fillGaussian(new float[Math.toIntExact(shape.size())]);
    float std = (float) (1 / Math.sqrt(fanIn));
    for (int i = 0; i < v.length; i++) {
      v[i] *= std;
    }
    return m.create(v, shape);
  }

  @Override
  public NamedParameters parameters() {
    return params;
  }

  /** {@return the hidden width} */
  public int hidden() {
    return hidden;
  }

  @Override
  public NDArray encode(NDArray video) {
    Shape s = video.getShape(); // [B, T, 3, 64, 64]
    long b = s.get(0);
    NDArray kept = video.get(new NDIndex(":, ::4")); // [B, F, 3, 64, 64], F = 1 + (T-1)/4
    long f = kept.getShape().get(1);
    NDArray blocks = kept.reshape(b, f, 3, 8, 8, 8, 8); // [B, F, 3, by, y, bx, x]
    // PyTorch's mean in DJL takes one axis at a time: x first, then y
    return blocks.mean(new int[] {6}).mean(new int[] {4}).reshape(b, f, LATENT); // [B, F, 192]
  }

  @Override
  public NDArray forward(NDArray noisy, TextBatch text, NDArray timesteps) {
    NDManager m = noisy.getManager();
    Shape s = noisy.getShape(); // [B, F, 192]
    int b = (int) s.get(0);
    int f = (int) s.get(1);
    NDArray tt = timesteps.div(1000f).reshape(b, 1, 1); // [B, 1, 1]
    NDArray tfeat = tt.concat(tt.square(), 2).concat(tt.mul(Math.PI).sin(), 2)
        .concat(tt.mul(Math.PI).cos(), 2); // [B, 1, 4]
    NDArray textFeat = m.create(textFeatures(text, b, f), new Shape(b, f, TEXT_BUCKETS));
    NDArray h = noisy.matMul(params.get("mlp.fc1.weight")) // [B, F, 192] x [192, H]
        .add(params.get("mlp.fc1.bias"))
        .add(tfeat.matMul(params.get("time_embed.weight"))) // [B, 1, 4] x [4, H]
        .add(textFeat.matMul(params.get("text_embed.weight"))) // [B, F, K] x [K, H]
        .tanh();
    NDArray branch = h.matMul(params.get("ttt.mix.weight")) // [B, F, H] x [H, H]
        .add(params.get("ttt.mix.bias")).tanh();
    h = h.add(branch.mul(params.get("ttt.gate").tanh()));
    return h.matMul(params.get("out.weight")).add(params.get("out.bias")); // [B, F, 192]
  }

  /** Bag of hashed words per latent frame, [B, F, K] row-major; zero for dropped examples. */
  static float[] textFeatures(TextBatch text, int b, int f) {
    float[] out = new float[b * f * TEXT_BUCKETS];
    for (int e = 0; e < b; e++) {
      if (text.isDropped(e)) {
        continue;
      }
      List<String> segs = text.texts().get(e);
      for (int fr = 0; fr < f; fr++) {
        int seg = Math.min(segs.size() - 1, fr == 0 ? 0 : (fr - 1) / 12);
        String[] words = segs.get(seg).toLowerCase(Locale.ROOT).split("[^a-z<>_-]+");
        int base = (e * f + fr) * TEXT_BUCKETS;
        for (String w : words) {
          if (!w.isEmpty()) {
            out[base + Math.floorMod(w.hashCode(), TEXT_BUCKETS)] += 1f / words.length;
          }
        }
      }
    }
    return out;
  }
}
