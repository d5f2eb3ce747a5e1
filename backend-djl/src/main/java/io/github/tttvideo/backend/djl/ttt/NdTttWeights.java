package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.VideoTttParams;
import java.util.Map;
import java.util.function.Function;

/**
 * The learned tensors of one video TTT layer as NDArrays, in the checkpoint's shapes (D = H d, F =
 * d for Linear, 4d for MLP).
 *
 * @param wq query weight [D, D] (PyTorch storage [out, in])
 * @param bq query bias [D]
 * @param wk key weight [D, D]
 * @param bk key bias [D]
 * @param wv value weight [D, D]
 * @param bv value bias [D]
 * @param wo output weight [D, D]
 * @param bo output bias [D]
 * @param w1 inner first weight [H, d, F]
 * @param b1 inner first bias [H, 1, F]
 * @param w2 inner second weight [H, F, d] (MLP only, else null)
 * @param b2 inner second bias [H, 1, d] (MLP only, else null)
 * @param lnWeight inner LayerNorm and target scale [H, d]
 * @param lnBias inner LayerNorm and target shift [H, d]
 * @param lrWeight learning-rate gate weight [H, 1, D]
 * @param lrBias learning-rate gate bias [H, 1]
 * @param postNormWeight post LayerNorm scale [D]
 * @param postNormBias post LayerNorm shift [D]
 *
 * @since 0.1.0
 */
public record NdTttWeights(
    NDArray wq, NDArray bq, NDArray wk, NDArray bk, NDArray wv, NDArray bv, NDArray wo,
    NDArray bo, NDArray w1, NDArray b1, NDArray w2, NDArray b2, NDArray lnWeight, NDArray lnBias,
    NDArray lrWeight, NDArray lrBias, NDArray postNormWeight, NDArray postNormBias) {

  /**
   * Tensor names below a prefix (for example {@code blocks.0.ttt.}) and their shapes.
   *
   * @param prefix name prefix
   * @param variant inner model
   * @param heads H
   * @param headDim d
   * @param out receives name to shape, in checkpoint order
   */
  public static void specs(String prefix, TttVariant variant, int heads, int headDim,
      Map<String, long[]> out) {
    long w = (long) heads * headDim;
    long f = variant == TttVariant.MLP ? 4L * headDim : headDim;
    for (String p : new String[] {"wq", "wk", "wv", "wo"}) {
      out.put(prefix + p + ".weight", new long[] {w, w});
      out.put(prefix + p + ".bias", new long[] {w});
    }
    out.put(prefix + "W1", new long[] {heads, headDim, f});
    out.put(prefix + "b1", new long[] {heads, 1, f});
    if (variant == TttVariant.MLP) {
      out.put(prefix + "W2", new long[] {heads, f, headDim});
      out.put(prefix + "b2", new long[] {heads, 1, headDim});
    }
    out.put(prefix + "ttt_norm_weight", new long[] {heads, headDim});
    out.put(prefix + "ttt_norm_bias", new long[] {heads, headDim});
    out.put(prefix + "learnable_ttt_lr_weight", new long[] {heads, 1, w});
    out.put(prefix + "learnable_ttt_lr_bias", new long[] {heads, 1});
    out.put(prefix + "post_norm.weight", new long[] {w});
    out.put(prefix + "post_norm.bias", new long[] {w});
  }

  /**
   * Picks the tensors of one layer from loaded weights.
   *
   * @param prefix name prefix
   * @param mlp TTT-MLP
   * @param get tensor by full name
   * @return the weights
   */
  public static NdTttWeights of(String prefix, boolean mlp, Function<String, NDArray> get) {
    return new NdTttWeights(
        get.apply(prefix + "wq.weight"), get.apply(prefix + "wq.bias"),
        get.apply(prefix + "wk.weight"), get.apply(prefix + "wk.bias"),
        get.apply(prefix + "wv.weight"), get.apply(prefix + "wv.bias"),
        get.apply(prefix + "wo.weight"), get.apply(prefix + "wo.bias"),
        get.apply(prefix + "W1"), get.apply(prefix + "b1"),
        mlp ? get.apply(prefix + "W2") : null, mlp ? get.apply(prefix + "b2") : null,
        get.apply(prefix + "ttt_norm_weight"), get.apply(prefix + "ttt_norm_bias"),
        get.apply(prefix + "learnable_ttt_lr_weight"), get.apply(prefix + "learnable_ttt_lr_bias"),
        get.apply(prefix + "post_norm.weight"), get.apply(prefix + "post_norm.bias"));
  }

  /**
   * The same parameters as ttt-core's {@link VideoTttParams} (for tests against the oracle).
   *
   * @param p core parameters
   * @param m manager that owns the arrays
   * @return the weights
   */
  public static NdTttWeights fromCore(VideoTttParams p, NDManager m) {
    TttConfig c = p.config();
    int w = c.width();
    int h = c.heads();
    int d = c.headDim();
    int f = c.innerHidden();
    InnerWeights in = p.inner();
    boolean mlp = c.variant() == TttVariant.MLP;
    return new NdTttWeights(
        m.create(p.wq(), new Shape(w, w)), m.create(p.bq()),
        m.create(p.wk(), new Shape(w, w)), m.create(p.bk()),
        m.create(p.wv(), new Shape(w, w)), m.create(p.bv()),
        m.create(p.wo(), new Shape(w, w)), m.create(p.bo()),
        m.create(in.w1(), new Shape(h, d, f)), m.create(in.b1(), new Shape(h, 1, f)),
        mlp ? m.create(in.w2(), new Shape(h, f, d)) : null,
        mlp ? m.create(in.b2(), new Shape(h, 1, d)) : null,
        m.create(p.lnWeight(), new Shape(h, d)), m.create(p.lnBias(), new Shape(h, d)),
        m.create(p.lrWeight(), new Shape(h, 1, w)), m.create(p.lrBias(), new Shape(h, 1)),
        m.create(p.postNormWeight()), m.create(p.postNormBias()));
  }

  /**
   * Whether the inner model is the MLP.
   *
   * @return true for TTT-MLP
   */
  public boolean mlp() {
    return w2 != null;
  }
}
