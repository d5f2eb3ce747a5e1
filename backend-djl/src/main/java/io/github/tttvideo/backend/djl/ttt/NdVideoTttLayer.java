package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttKernels;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;

/**
 * The video TTT layer (reference 2.2-2.8) with NDArray operations, batched over batch and heads:
 * Q/K/V projections with bias, L2 norm of Q and K, global 3D RoPE on video tokens, the normalised
 * reconstruction target (unbiased std, eps 1e-8 added to the std), learnable per-token rates with
 * the clean rule ({@code eta = baseLr sigmoid(x w_h + c_h) / (d K)} of the token itself), the
 * dual-form scan ({@link NdTttScan}) in the interleaved scan order, post LayerNorm and the output
 * projection. Numerically the same function as ttt-core's {@code VideoTttLayer} with {@code
 * etaQuirk = false}.
 *
 * <pre>{@code
 * NdVideoTttLayer layer = new NdVideoTttLayer(config, weights);
 * NDArray y = layer.forward(x, sequence, false);  // x, y: [B, L, D], text-first order
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NdVideoTttLayer {

  private static final float L2_EPS = 1e-12f;
  private static final float TARGET_STD_EPS = 1e-8f;

  private final TttConfig config;
  private final NdTttWeights weights;
  private final NdTttScan scan;
  private final TttKernel kernel;
  private volatile InnerWeights kernelWeights;

  /**
   * Creates the layer.
   *
   * @param config layer configuration (the eta quirk is not supported)
   * @param weights learned tensors
   */
  public NdVideoTttLayer(TttConfig config, NdTttWeights weights) {
    this(config, weights, null);
  }

  /**
   * Creates the layer with a choice of scan: {@code null} runs the mini-batch scan as NDArray
   * operations ({@link NdTttScan}); a ttt-core {@link TttKernel} (for example the pure-Java,
   * Vector-API kernel on the CPU) runs it on {@code float[]} copies of the scan inputs instead.
   * Everything around the scan stays on DJL either way. On the CPU the sequential scan of many
   * tiny mini-batches is dominated by the per-operation overhead of DJL (see
   * docs/performance.md), which the Java kernel does not have.
   *
   * @param config layer configuration (the eta quirk is not supported)
   * @param weights learned tensors
   * @param kernel scan kernel, or null for the NDArray scan
   */
  public NdVideoTttLayer(TttConfig config, NdTttWeights weights, TttKernel kernel) {
    if (config.etaQuirk() || config.causal()) {
      throw new InvalidInputException(
          "the DJL video TTT layer implements the clean, non-causal rule only");
    }
    if (weights.mlp() != (config.variant() == TttVariant.MLP)) {
      throw new InvalidInputException("weights do not match the variant " + config.variant());
    }
    this.config = config;
    this.weights = weights;
    this.scan = new NdTttScan(weights.mlp(), false, (float) config.innerLnEps());
    this.kernel = kernel;
  }

  /**
   * The configuration.
   *
   * @return the config
   */
  public TttConfig config() {
    return config;
  }

  /**
   * Runs the layer (forward pass) or the reversed pass (reference 5.4: text chunks in reverse
   * order, video flipped, same metadata; the output is returned in the original order).
   *
   * @param x hidden states [B, L, D], text-first order
   * @param seq per-sequence constants
   * @param reversed run the reversed pass
   * @return [B, L, D], text-first order, owned by x's manager
   */
  public NDArray forward(NDArray x, NdTttSequence seq, boolean reversed) {
    NDManager owner = x.getManager();
    long batch = x.getShape().get(0);
    int len = seq.sequence().length();
    int heads = config.heads();
    int d = config.headDim();
    int width = config.width();
    int k = config.miniBatch();
    if (x.getShape().get(1) != len || x.getShape().get(2) != width) {
      throw new InvalidInputException(
          "TTT input must be [B, " + len + ", " + width + "], got " + x.getShape());
    }
    if (len % k != 0) {
      throw new InvalidInputException(
          "sequence length " + len + " is not a multiple of the mini-batch size " + k);
    }
    int nc = len / k;
    DataType io = x.getDataType();
    return NdOps.scoped(() -> {
      // the layer runs in float32 whatever the model's precision (the TTT state needs it)
      NDArray xs = x.get(new NDIndex(":, {}", seq.gather(reversed))) // [B, L, D] scan order
          .toType(DataType.FLOAT32, false);
      Shape heads4 = new Shape(batch, len, heads, d);
      NDArray q = NdOps.linear(xs, weights.wq(), weights.bq()).reshape(heads4);
      NDArray kk = NdOps.linear(xs, weights.wk(), weights.bk()).reshape(heads4);
      NDArray v = NdOps.linear(xs, weights.wv(), weights.bv()).reshape(heads4);
      q = l2Normalize(q);
      kk = l2Normalize(kk);
      q = NdOps.rope(q, seq.cos2(), seq.sinSigned()); // [L, 1, d] over [B, L, H, d]
      kk = NdOps.rope(kk, seq.cos2(), seq.sinSigned());
      // target: gamma_h (u - mean) / (std_unbiased + eps) + beta_h + k, u = v - k
      NDArray u = v.sub(kk);
      NDArray uc = u.sub(u.mean(new int[] {-1}, true));
      NDArray std = NdOps.div(uc.square().sum(new int[] {-1}, true), d - 1.0).sqrt();
      NDArray target = uc.div(std.add(TARGET_STD_EPS))
          .mul(weights.lnWeight()).add(weights.lnBias()).add(kk);
      // rates: [B, L, D] x [D, H] -> [B, L, H]
      NDArray logits = xs.matMul(weights.lrWeight().reshape(heads, width).transpose())
          .add(weights.lrBias().reshape(heads));
      NDArray rate = NdOps.mul(Activation.sigmoid(logits), (float) (config.baseLr() / d / k));
      // eta rows all equal (clean rule): [B, L, H] -> [BH, NC, 1, K] -> [BH, NC, K, K]
      NDArray eta = rate.transpose(0, 2, 1).reshape(batch * heads, nc, 1, k).repeat(2, k);
      Shape scanShape = new Shape(batch * heads, nc, k, d);
      NDArray xq = toScan(q, scanShape);
      NDArray xk = toScan(kk, scanShape);
      NDArray xv = toScan(target, scanShape);
      if (kernel != null) {
        return kernelScan(xq, xk, xv, eta, owner, (int) batch, nc, len)
            .get(new NDIndex(":, {}", seq.scatter(reversed))).toType(io, false);
      }
      NDArray lnW = weights.lnWeight().reshape(heads, 1, d);
      NDArray lnB = weights.lnBias().reshape(heads, 1, d);
      NDList inner = weights.mlp()
          ? new NDList(weights.w1(), weights.b1(), weights.w2(), weights.b2())
          : new NDList(weights.w1(), weights.b1());
      if (batch > 1) {
        lnW = lnW.tile(new long[] {batch, 1, 1});
        lnB = lnB.tile(new long[] {batch, 1, 1});
        NDList tiled = new NDList();
        for (NDArray a : inner) {
          tiled.add(a.tile(new long[] {batch, 1, 1}));
        }
        inner = tiled;
      }
      NDList res = scan.scan(xq, xk, xv, eta, lnW, lnB, inner, owner);
      // [BH, NC, K, d] -> [B, H, L, d] -> [B, L, H, d] -> [B, L, D]
      NDArray out = res.get(0).reshape(batch, heads, len, d).transpose(0, 2, 1, 3)
          .reshape(batch, len, width);
      out = NdOps.layerNorm(out, weights.postNormWeight(), weights.postNormBias(),
          config.postNormEps());
      out = NdOps.linear(out, weights.wo(), weights.bo());
      return out.get(new NDIndex(":, {}", seq.scatter(reversed))) // back to text-first
          .toType(io, false);
    });
  }

  /** The scan on a ttt-core kernel, then post norm and output projection: [B, L, D] scan order. */
  private NDArray kernelScan(NDArray xq, NDArray xk, NDArray xv, NDArray eta, NDManager owner,
      int batch, int nc, int len) {
    int heads = config.heads();
    int d = config.headDim();
    int k = config.miniBatch();
    // [BH, NC, K, d] is the [B, H, NC, K, d] layout of TttScanInput
    TttScanInput in = new TttScanInput(batch, heads, nc, k, d, xq.toFloatArray(),
        xk.toFloatArray(), xv.toFloatArray(), eta.toFloatArray(),
        weights.lnWeight().toFloatArray(), weights.lnBias().toFloatArray());
    float[] out = new float[batch * len * heads * d]; // [B, L, H, d] = [B, L, D]
    TttKernels.validate(config, in, innerWeights(), out, null);
    kernel.scan(config, in, innerWeights(), out, null);
    NDArray y = owner.create(out, new Shape(batch, len, config.width()));
    y = NdOps.layerNorm(y, weights.postNormWeight(), weights.postNormBias(),
        config.postNormEps());
    return NdOps.linear(y, weights.wo(), weights.bo());
  }

  private InnerWeights innerWeights() {
    InnerWeights w = kernelWeights;
    if (w == null) {
      boolean mlp = weights.mlp();
      w = new InnerWeights(config.variant(), config.heads(), config.headDim(),
          config.innerHidden(), weights.w1().toFloatArray(), weights.b1().toFloatArray(),
          mlp ? weights.w2().toFloatArray() : null, mlp ? weights.b2().toFloatArray() : null);
      kernelWeights = w;
    }
    return w;
  }

  private static NDArray l2Normalize(NDArray x) {
    return x.div(NdOps.maximum(x.square().sum(new int[] {-1}, true).sqrt(), L2_EPS));
  }

  /** [B, L, H, d] -> [B, H, L, d] -> [BH, NC, K, d]. */
  private static NDArray toScan(NDArray x, Shape scanShape) {
    return x.transpose(0, 2, 1, 3).reshape(scanShape);
  }
}
