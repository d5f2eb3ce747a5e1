package io.github.tttvideo.backend.djl.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Small NDArray building blocks of the networks: Linear layers in PyTorch storage, LayerNorm,
 * tanh-GELU, SiLU, row gathers and the pair-interleaved rotary embedding.
 *
 * <p><b>Memory that autograd may still read.</b> On the CPU, DJL's PyTorch engine (0.36) does not
 * copy Java data into PyTorch: {@code NDManager.create(float[] ...)} wraps a direct buffer with
 * {@code from_blob}, and the buffer is released to the garbage collector when the array is
 * closed. The same holds for the scalar behind {@code x.mul(Number)} and its kin, which DJL
 * creates and closes around the call. PyTorch keeps no ownership of such memory, so a view of
 * the array, or autograd's saved copy of a factor ({@code mul}, {@code div}, {@code maximum} save
 * their operands for the backward pass), reads freed memory once a garbage collection ran in
 * between: gradients came out NaN or silently wrong in a few percent of training steps. Code
 * that runs under a gradient collector therefore uses {@link #mul(NDArray, double)},
 * {@link #div(NDArray, double)}, {@link #maximum(NDArray, double)} (their scalar is allocated by
 * PyTorch) and {@link #create(NDManager, float[], Shape)} (a copy that PyTorch owns).
 *
 * @since 0.1.0
 */
public final class NdOps {

  private static final float GELU_C = 0.79788456f;
  private static final float GELU_A = 0.044715f;

  private NdOps() {}

  /**
   * Runs a computation in its own {@link NDScope}: every array created inside is closed when it
   * returns, except the result, which is handed to the enclosing scope (if any). Temporaries
   * derived from model weights (views, transposes) are freed too, whatever manager they belong to.
   *
   * @param body the computation
   * @return its result
   */
  public static NDArray scoped(Supplier<NDArray> body) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      NDScope.unregister(out);
    }
    NDScope.register(out);
    return out;
  }

  /**
   * {@link #scoped(Supplier)} for several results.
   *
   * @param body the computation
   * @return its results
   */
  public static NDList scopedList(Supplier<NDList> body) {
    NDList out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      NDScope.unregister(out);
    }
    out.forEach(NDScope::register);
    return out;
  }

  /**
   * {@code x W^T + b} with PyTorch {@code nn.Linear} storage.
   *
   * @param x input [..., in]
   * @param weight [out, in]
   * @param bias [out] or null
   * @return [..., out]
   */
  public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    NDArray y = x.matMul(weight.transpose()); // [..., in] x [in, out]
    return bias == null ? y : y.add(bias);
  }

  /**
   * LayerNorm over the last axis (biased variance, eps inside the square root), affine.
   *
   * @param x input [..., n]
   * @param weight [n]
   * @param bias [n]
   * @param eps epsilon
   * @return the normalised input
   */
  public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
    long n = x.getShape().getLastDimension();
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(n), weight, bias, (float) eps)
        .singletonOrThrow();
  }

  /**
   * tanh-approximated GELU, {@code 0.5 x (1 + tanh(0.79788456 (x + 0.044715 x^3)))}.
   *
   * @param x input
   * @return gelu(x)
   */
  public static NDArray gelu(NDArray x) {
    NDArray inner = mul(mul(x.square(), GELU_A).add(1f).mul(x), GELU_C).tanh();
    return mul(inner.add(1f).mul(x), 0.5);
  }

  /**
   * A 0-d array of {@code value} in {@code like}'s type and manager, allocated by PyTorch (not a
   * borrowed Java buffer), so that autograd may keep it past its close.
   *
   * @param like array whose manager and type to use
   * @param value the value
   * @return the scalar array (the caller closes it)
   */
  public static NDArray scalar(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }

  /**
   * {@code x * c}, safe under autograd (see the class comment).
   *
   * @param x array
   * @param c factor
   * @return x * c
   */
  public static NDArray mul(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.mul(s);
    }
  }

  /**
   * {@code x / c}, safe under autograd (see the class comment).
   *
   * @param x array
   * @param c divisor
   * @return x / c
   */
  public static NDArray div(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.div(s);
    }
  }

  /**
   * {@code max(x, c)} element-wise, safe under autograd (see the class comment).
   *
   * @param x array
   * @param c lower bound
   * @return max(x, c)
   */
  public static NDArray maximum(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.maximum(s);
    }
  }

  /**
   * An array of Java data whose memory PyTorch owns (a copy), unlike {@code m.create(data,
   * shape)}, whose borrowed buffer is freed on close while views or autograd may still read it.
   *
   * @param m manager
   * @param data values
   * @param shape shape
   * @return the array
   */
  public static NDArray create(NDManager m, float[] data, Shape shape) {
    try (NDArray borrowed = m.create(data, shape)) {
      return borrowed.duplicate();
    }
  }

  /**
   * SiLU, {@code x * sigmoid(x)}.
   *
   * @param x input
   * @return silu(x)
   */
  public static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /**
   * Rows of a tensor picked by index along axis 0.
   *
   * @param x [N, ...]
   * @param index int64 indices [M]
   * @return [M, ...]
   */
  public static NDArray rows(NDArray x, NDArray index) {
    return x.get(new NDIndex("{}", index));
  }

  /**
   * An int64 index array.
   *
   * @param m manager
   * @param index indices
   * @return [index.length] int64
   */
  public static NDArray index(NDManager m, int[] index) {
    long[] l = new long[index.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = index[i];
    }
    return m.create(l);
  }

  /**
   * The inverse of a permutation.
   *
   * @param perm a permutation of 0..n-1
   * @return inv with inv[perm[i]] = i
   */
  public static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  /**
   * Rotates lane pairs (2i, 2i+1) of the last axis: {@code a' = a cos - b sin, b' = a sin + b
   * cos}, with precomputed tables {@code cos2 = [c0, c0, c1, c1, ..]} and {@code sinSigned = [-s0,
   * s0, -s1, s1, ..]} broadcastable to x.
   *
   * @param x [..., d]
   * @param cos2 cosines, each repeated twice
   * @param sinSigned sines with alternating sign
   * @return the rotated x
   */
  public static NDArray rope(NDArray x, NDArray cos2, NDArray sinSigned) {
    Shape s = x.getShape();
    long d = s.getLastDimension();
    // [..., d/2, 2] with the two lanes of each pair swapped: (b, a)
    NDArray swapped = x.reshape(s.slice(0, s.dimension() - 1).addAll(new Shape(d / 2, 2)))
        .flip(-1)
        .reshape(s);
    return x.mul(cos2).add(swapped.mul(sinSigned));
  }

  /**
   * Rotary tables for a sequence of tokens: rows of {@code cos} and {@code sin} (d/2 pairs each),
   * expanded to the lane layout of {@link #rope}; tokens with {@code null} positions (text) get the
   * identity.
   *
   * @param m manager
   * @param cos [tokens * d/2] cosines, or pairs of video tokens only when {@code textTokens > 0}
   * @param sin sines, same layout
   * @param textTokens leading tokens without rotation
   * @param headDim d
   * @return {cos2, sinSigned}, each [textTokens + videoTokens, 1, d] (broadcast over heads)
   */
  public static NDArray[] ropeTables(NDManager m, float[] cos, float[] sin, int textTokens,
      int headDim) {
    int pairs = headDim / 2;
    int video = cos.length / pairs;
    int tokens = textTokens + video;
    float[] c2 = new float[tokens * headDim];
    float[] s2 = new float[tokens * headDim];
    for (int i = 0; i < textTokens * headDim; i++) {
      c2[i] = 1f;
    }
    for (int v = 0; v < video; v++) {
      int o = (textTokens + v) * headDim;
      for (int p = 0; p < pairs; p++) {
        float c = cos[v * pairs + p];
        float s = sin[v * pairs + p];
        c2[o + 2 * p] = c;
        c2[o + 2 * p + 1] = c;
        s2[o + 2 * p] = -s;
        s2[o + 2 * p + 1] = s;
      }
    }
    return new NDArray[] {
      m.create(c2, new Shape(tokens, 1, headDim)), m.create(s2, new Shape(tokens, 1, headDim))
    };
  }
}
