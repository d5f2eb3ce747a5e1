package io.github.tttvideo.backend.djl.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.core.mixer.MixerSegments;
import io.github.tttvideo.core.mixer.SequenceMixer;
import java.util.function.Function;

/**
 * The attention sequence mixers ({@code sliding}, {@code full}) of one DiT layer with NDArray
 * operations: the same function as ttt-core's {@link io.github.tttvideo.core.mixer.AttentionMixer}
 * (its numerical oracle), differentiable (training records it under a gradient collector like
 * the rest of the denoiser).
 *
 * <p>It runs in the TTT layers' scan order (text_0, video_0, text_1, ...), where every segment is
 * a contiguous range, in float32. Full attention is one [B, H, L, L] score matrix; the sliding
 * window computes, per segment i, the scores of its queries against the keys of segments {@code
 * i - w .. i + w} only ([B, H, L_i, L_window] blocks), so it never builds the L x L matrix. With
 * {@code w >= n - 1} it takes the full path.
 *
 * <p>Parameters, under {@code blocks.i.}: {@code ssm_attn.to_q/to_k/to_v/to_out.weight [D, D],
 * .bias [D]}, {@code ssm_attn.norm_q/norm_k.weight/.bias [d]}, {@code ssm_gate.text/video [D]}.
 *
 * @since 0.1.0
 */
public final class NdAttentionMixer implements NdMixerBlock {

  private final SequenceMixer kind;
  private final int window;
  private final int heads;
  private final int width;
  private final double eps;
  private final NDArray wq;
  private final NDArray bq;
  private final NDArray wk;
  private final NDArray bk;
  private final NDArray wv;
  private final NDArray bv;
  private final NDArray wo;
  private final NDArray bo;
  private final NDArray normQw;
  private final NDArray normQb;
  private final NDArray normKw;
  private final NDArray normKb;
  private final NDArray gateText;
  private final NDArray gateVideo;

  /**
   * Creates the mixer of one layer.
   *
   * @param kind {@link SequenceMixer#SLIDING} or {@link SequenceMixer#FULL}
   * @param windowSegments w of the sliding window (>= 0)
   * @param heads H
   * @param width D
   * @param layerNormEps eps of the q/k norms
   * @param prefix the layer's prefix, for example {@code blocks.0.}
   * @param weights tensor by name
   */
  public NdAttentionMixer(SequenceMixer kind, int windowSegments, int heads, int width,
      double layerNormEps, String prefix, Function<String, NDArray> weights) {
    if (!kind.isAttention()) {
      throw new InvalidInputException(kind.jsonName() + " is not an attention mixer");
    }
    if (windowSegments < 0) {
      throw new InvalidInputException(
          "sliding window must be >= 0 segments, got " + windowSegments);
    }
    this.kind = kind;
    this.window = windowSegments;
    this.heads = heads;
    this.width = width;
    this.eps = layerNormEps;
    String a = prefix + "ssm_attn.";
    wq = weights.apply(a + "to_q.weight");
    bq = weights.apply(a + "to_q.bias");
    wk = weights.apply(a + "to_k.weight");
    bk = weights.apply(a + "to_k.bias");
    wv = weights.apply(a + "to_v.weight");
    bv = weights.apply(a + "to_v.bias");
    wo = weights.apply(a + "to_out.weight");
    bo = weights.apply(a + "to_out.bias");
    normQw = weights.apply(a + "norm_q.weight");
    normQb = weights.apply(a + "norm_q.bias");
    normKw = weights.apply(a + "norm_k.weight");
    normKb = weights.apply(a + "norm_k.bias");
    gateText = weights.apply(prefix + "ssm_gate.text");
    gateVideo = weights.apply(prefix + "ssm_gate.video");
  }

  /**
   * The mixer kind.
   *
   * @return sliding or full
   */
  public SequenceMixer kind() {
    return kind;
  }

  @Override
  public NDArray forward(NDArray x, NdTttSequence seq, NdSequenceBlock.Timer timer) {
    int text = seq.sequence().textTokens();
    return NdOps.scoped(() -> {
      long t0 = System.nanoTime();
      NDArray y = attend(x, seq);
      timer.record(t0, System.nanoTime());
      long len = y.getShape().get(1);
      NDArray yt = y.get(new NDIndex(":, :{}", text)).mul(gateText.tanh());
      NDArray yv = y.get(new NDIndex(":, {}:", text)).mul(gateVideo.tanh());
      NDArray gated = text == 0 ? yv : text == len ? yt : NDArrays.concat(new NDList(yt, yv), 1);
      return x.add(gated.toType(x.getDataType(), false));
    });
  }

  /**
   * The attention branch Y before the gate.
   *
   * @param x X' [B, L, D], text-first
   * @param seq per-sequence constants
   * @return Y [B, L, D], text-first, float32, owned by x's manager
   */
  public NDArray attend(NDArray x, NdTttSequence seq) {
    int len = seq.sequence().length();
    long batch = x.getShape().get(0);
    if (x.getShape().dimension() != 3 || x.getShape().get(1) != len
        || x.getShape().get(2) != width) {
      throw new InvalidInputException(
          "attention mixer input must be [B, " + len + ", " + width + "], got " + x.getShape());
    }
    int d = width / heads;
    MixerSegments segs = seq.segments();
    int n = segs.segments();
    int w = kind == SequenceMixer.FULL ? n : window;
    return NdOps.scoped(() -> {
      NDArray xs = x.get(new NDIndex(":, {}", seq.gather(false))) // [B, L, D] scan order
          .toType(DataType.FLOAT32, false);
      Shape h4 = new Shape(batch, len, heads, d);
      NDArray q = NdOps.layerNorm(NdOps.linear(xs, wq, bq).reshape(h4), normQw, normQb, eps);
      NDArray k = NdOps.layerNorm(NdOps.linear(xs, wk, bk).reshape(h4), normKw, normKb, eps);
      q = NdOps.rope(q, seq.cos2(), seq.sinSigned()) // [L, 1, d] over [B, L, H, d]
          .transpose(0, 2, 1, 3); // [B, H, L, d]
      k = NdOps.rope(k, seq.cos2(), seq.sinSigned()).transpose(0, 2, 1, 3);
      NDArray v = NdOps.linear(xs, wv, bv).reshape(h4).transpose(0, 2, 1, 3);
      float scale = (float) (1 / Math.sqrt(d));
      NDArray o;
      if (w >= n - 1) {
        o = attention(q, k, v, scale); // [B, H, L, d]
      } else {
        int[] start = segs.scanStart();
        NDList parts = new NDList();
        for (int s = 0; s < n; s++) {
          int[] win = segs.window(s, w);
          NDIndex rows = new NDIndex(":, :, {}:{}", start[s], start[s + 1]);
          NDIndex keys = new NDIndex(":, :, {}:{}", start[win[0]], start[win[1] + 1]);
          // [B, H, L_s, d] x [B, H, d, L_win] -> [B, H, L_s, L_win] -> [B, H, L_s, d]
          parts.add(attention(q.get(rows), k.get(keys), v.get(keys), scale));
        }
        o = NDArrays.concat(parts, 2);
      }
      NDArray y = NdOps.linear(o.transpose(0, 2, 1, 3).reshape(batch, len, width), wo, bo);
      return y.get(new NDIndex(":, {}", seq.scatter(false))); // back to text-first
    });
  }

  private static NDArray attention(NDArray q, NDArray k, NDArray v, float scale) {
    NDArray scores = NdOps.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale);
    return scores.softmax(-1).matMul(v);
  }
}
