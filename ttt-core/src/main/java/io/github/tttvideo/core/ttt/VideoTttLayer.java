package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The video TTT layer (reference 2.2-2.8): projections, L2 norm, 3D RoPE on video tokens, the
 * normalised reconstruction target, learnable per-token rates, the mini-batch scan in the
 * interleaved scan order, post LayerNorm and output projection.
 *
 * <pre>{@code
 * TttConfig cfg = TttConfig.video(TttVariant.MLP, 4, 16).withMiniBatch(16);
 * VideoTttLayer layer = new VideoTttLayer(VideoTttParams.init(cfg, 42), TttKernels.load());
 * float[] y = layer.forward(x, 1, sequence); // x, y: [B, L, D], text-first order
 * }</pre>
 *
 * <p>Learning rates: token l of head h has {@code eta = baseLr * sigmoid(x_l . w_h + c_h) / d / K};
 * with the clean rule every row of a mini-batch's eta matrix holds the rates of the tokens scanned
 * in that mini-batch; {@link TttConfig#etaQuirk()} reproduces the official rows instead (reference
 * 6.3). Stateless apart from the parameters: each call starts from the learned inner weights.
 *
 * @since 0.1.0
 */
public final class VideoTttLayer {

  /** eps of the Q/K L2 normalisation. */
  static final double L2_EPS = 1e-12;
  /** eps added to the unbiased std of the reconstruction target. */
  static final double TARGET_STD_EPS = 1e-8;

  private final VideoTttParams params;
  private final TttKernel kernel;

  /**
   * Everything a forward pass computed, for tests and diagnostics.
   *
   * @param output layer output [B, L, D], text-first order
   * @param xqw scan output before post norm [B, L, D], scan order
   * @param scanInput the scan inputs (scan order)
   * @param finalState inner weights after the last mini-batch, one slot per (b, h)
   */
  public record Result(float[] output, float[] xqw, TttScanInput scanInput,
      InnerWeights finalState) {}

  /**
   * Creates the layer.
   *
   * @param params learned parameters
   * @param kernel scan implementation
   */
  public VideoTttLayer(VideoTttParams params, TttKernel kernel) {
    this.params = params;
    this.kernel = kernel;
  }

  /**
   * The parameters.
   *
   * @return the parameters
   */
  public VideoTttParams params() {
    return params;
  }

  /**
   * The configuration.
   *
   * @return the configuration
   */
  public TttConfig config() {
    return params.config();
  }

  /**
   * Runs the layer.
   *
   * @param x hidden states [B, L, D] in text-first order
   * @param batch B
   * @param seq sequence metadata (L, text tokens, RoPE positions, scan order)
   * @return output [B, L, D] in text-first order
   */
  public float[] forward(float[] x, int batch, TttSequence seq) {
    return forwardDetailed(x, batch, seq).output();
  }

  /**
   * Runs the layer and returns the intermediate results too.
   *
   * @param x hidden states [B, L, D] in text-first order
   * @param batch B
   * @param seq sequence metadata
   * @return output and intermediates
   */
  public Result forwardDetailed(float[] x, int batch, TttSequence seq) {
    TttConfig cfg = params.config();
    int width = cfg.width();
    int heads = cfg.heads();
    int d = cfg.headDim();
    int kk = cfg.miniBatch();
    int len = seq.length();
    if (batch < 1) {
      throw new InvalidInputException("batch must be >= 1, got " + batch);
    }
    if (x == null || x.length != (long) batch * len * width) {
      throw new InvalidInputException(
          "input must be [B, L, D] = [" + batch + ", " + len + ", " + width + "] ("
              + (long) batch * len * width + " values), got "
              + (x == null ? "null" : x.length + " values"));
    }
    if (len % kk != 0) {
      throw new InvalidInputException(
          "sequence length " + len + " is not a multiple of the mini-batch size " + kk);
    }
    LayerOps.checkFinite("input", x, len, width);
    int rows = batch * len;
    int nc = len / kk;
    int text = seq.textTokens();
    int[] order = scanOrder(seq);

    // [B*L, D] x [D, D]^T + [D], per projection
    float[] q = LayerOps.dense(x, rows, width, params.wq(), params.bq(), width);
    float[] k = LayerOps.dense(x, rows, width, params.wk(), params.bk(), width);
    float[] v = LayerOps.dense(x, rows, width, params.wv(), params.bv(), width);

    float[][] rope = Rope.videoTable(seq, d, cfg.ropeTheta());
    for (int r = 0; r < rows; r++) {
      int l = r % len;
      for (int h = 0; h < heads; h++) {
        int off = r * width + h * d; // [B, L, H, d] view
        TttMath.l2Normalize(q, off, d, L2_EPS);
        TttMath.l2Normalize(k, off, d, L2_EPS);
        if (l >= text) {
          int tOff = (l - text) * (d / 2);
          Rope.rotate(q, off, d, rope[0], rope[1], tOff);
          Rope.rotate(k, off, d, rope[0], rope[1], tOff);
        }
        normaliseTarget(v, k, off, d, h);
      }
    }

    // per-token rate lr(x_l) / K for every head: [B, L, H]
    float[] rate = new float[rows * heads];
    for (int r = 0; r < rows; r++) {
      for (int h = 0; h < heads; h++) {
        double s = params.lrBias()[h];
        for (int c = 0; c < width; c++) {
          s += (double) x[r * width + c] * params.lrWeight()[h * width + c];
        }
        rate[r * heads + h] = (float) (cfg.baseLr() * TttMath.sigmoid(s) / d / kk);
      }
    }

    // gather to scan order: [B, L, H, d] -> [B, H, NC, K, d]; eta [B, H, NC, K, K]
    float[] xq = new float[rows * width];
    float[] xk = new float[rows * width];
    float[] xv = new float[rows * width];
    float[] eta = new float[batch * heads * nc * kk * kk];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int pos = 0; pos < len; pos++) {
          int src = (b * len + order[pos]) * width + h * d;
          int dst = ((b * heads + h) * len + pos) * d;
          System.arraycopy(q, src, xq, dst, d);
          System.arraycopy(k, src, xk, dst, d);
          System.arraycopy(v, src, xv, dst, d);
        }
        for (int n = 0; n < nc; n++) {
          for (int i = 0; i < kk; i++) {
            int row = ((b * heads + h) * nc + n) * kk * kk + i * kk;
            int rowBase = cfg.etaQuirk() ? kk * (order[n * kk + i] / kk) : -1;
            for (int j = 0; j < kk; j++) {
              int tok = cfg.etaQuirk() ? rowBase + j : order[n * kk + j];
              eta[row + j] = rate[(b * len + tok) * heads + h];
            }
          }
        }
      }
    }
    TttScanInput in = new TttScanInput(batch, heads, nc, kk, d, xq, xk, xv, eta,
        params.lnWeight(), params.lnBias());
    float[] xqw = new float[rows * width]; // [B, L, H, d] = [B, L, D], scan order
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), batch * heads, d);
    kernel.scan(cfg, in, params.inner(), xqw, fin);

    float[] y = xqw.clone();
    LayerOps.layerNormRows(y, rows, width, params.postNormWeight(), params.postNormBias(),
        cfg.postNormEps());
    y = LayerOps.dense(y, rows, width, params.wo(), params.bo(), width); // [B*L, D] x [D, D]^T
    float[] out = new float[rows * width];
    for (int b = 0; b < batch; b++) {
      for (int pos = 0; pos < len; pos++) {
        System.arraycopy(y, (b * len + pos) * width, out, (b * len + order[pos]) * width, width);
      }
    }
    return new Result(out, xqw, in, fin);
  }

  /** v <- gamma_h * (u - mean u) / (std_unbiased(u) + 1e-8) + beta_h + k with u = v - k. */
  private void normaliseTarget(float[] v, float[] k, int off, int d, int h) {
    double mean = 0;
    for (int c = 0; c < d; c++) {
      mean += v[off + c] - k[off + c];
    }
    mean /= d;
    double ss = 0;
    for (int c = 0; c < d; c++) {
      double u = v[off + c] - k[off + c] - mean;
      ss += u * u;
    }
    double std = Math.sqrt(ss / (d - 1)); // unbiased, as the official code
    float[] g = params.lnWeight();
    float[] bta = params.lnBias();
    for (int c = 0; c < d; c++) {
      double u = (v[off + c] - k[off + c] - mean) / (std + TARGET_STD_EPS);
      v[off + c] = (float) (g[h * d + c] * u + bta[h * d + c] + k[off + c]);
    }
  }

  /** The scan order of the sequence (identity when it has none), validated as a permutation. */
  static int[] scanOrder(TttSequence seq) {
    int len = seq.length();
    int[] order = seq.scanOrder();
    if (order == null) {
      order = new int[len];
      for (int i = 0; i < len; i++) {
        order[i] = i;
      }
      return order;
    }
    boolean[] seen = new boolean[len];
    for (int p = 0; p < len; p++) {
      int o = order[p];
      if (o < 0 || o >= len || seen[o]) {
        throw new InvalidInputException(
            "scanOrder is not a permutation of 0.." + (len - 1) + ": bad entry " + o + " at "
                + p);
      }
      seen[o] = true;
    }
    return order;
  }
}
