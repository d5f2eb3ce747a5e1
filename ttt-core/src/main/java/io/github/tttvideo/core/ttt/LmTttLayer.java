package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The causal token-wise TTT layer of TTT-LM (ttt-lm-pytorch, dual form, no cache).
 *
 * <p>Differences from {@link VideoTttLayer}: no projection bias, no L2 norm, raw {@code v - k}
 * target, 1D RoPE with position {@code l mod K}, token-wise rate {@code eta[i, j] = max(1/(i+1) +
 * offset_i, 0) * baseLr * sigmoid(x_j . w_h + c_h) / d}, lower-triangular masks (the config must
 * be causal).
 *
 * @since 0.1.0
 */
public final class LmTttLayer {

  private final LmTttParams params;
  private final TttKernel kernel;

  /**
   * Everything a forward pass computed.
   *
   * @param output layer output [B, L, D]
   * @param xqw scan output before post norm [B, L, D]
   * @param scanInput the scan inputs
   * @param finalState inner weights after the last mini-batch, one slot per (b, h)
   */
  public record Result(float[] output, float[] xqw, TttScanInput scanInput,
      InnerWeights finalState) {}

  /**
   * Creates the layer.
   *
   * @param params parameters (config must be causal)
   * @param kernel scan implementation
   */
  public LmTttLayer(LmTttParams params, TttKernel kernel) {
    if (!params.config().causal()) {
      throw new InvalidInputException("LmTttLayer needs a causal config, got causal=false");
    }
    this.params = params;
    this.kernel = kernel;
  }

  /**
   * Runs the layer.
   *
   * @param x hidden states [B, L, D]
   * @param batch B
   * @return output and intermediates
   */
  public Result forward(float[] x, int batch) {
    TttConfig cfg = params.config();
    int width = cfg.width();
    int heads = cfg.heads();
    int d = cfg.headDim();
    int kk = cfg.miniBatch();
    if (batch < 1 || x == null || x.length % ((long) batch * width) != 0) {
      throw new InvalidInputException(
          "input must be [B, L, D] with B=" + batch + ", D=" + width + ", got "
              + (x == null ? "null" : x.length + " values"));
    }
    int len = x.length / (batch * width);
    if (len % kk != 0) {
      throw new InvalidInputException(
          "sequence length " + len + " is not a multiple of the mini-batch size " + kk);
    }
    LayerOps.checkFinite("input", x, len, width);
    int rows = batch * len;
    int nc = len / kk;
    float[] q = LayerOps.dense(x, rows, width, params.wq(), null, width); // [B*L, D]
    float[] k = LayerOps.dense(x, rows, width, params.wk(), null, width);
    float[] v = LayerOps.dense(x, rows, width, params.wv(), null, width);
    float[][] rope = Rope.lmTable(len, kk, d, cfg.ropeTheta());
    for (int r = 0; r < rows; r++) {
      int tOff = (r % len) * (d / 2);
      for (int h = 0; h < heads; h++) {
        Rope.rotate(q, r * width + h * d, d, rope[0], rope[1], tOff);
        Rope.rotate(k, r * width + h * d, d, rope[0], rope[1], tOff);
      }
    }
    float[] tokenEta = new float[kk];
    for (int i = 0; i < kk; i++) {
      tokenEta[i] = Math.max((float) (1.0 / (i + 1)) + params.tokenIdxOffset()[i], 0f);
    }
    // [B, L, H, d] -> [B, H, NC, K, d]; eta [B, H, NC, K, K]
    float[] xq = new float[rows * width];
    float[] xk = new float[rows * width];
    float[] xv = new float[rows * width];
    float[] eta = new float[batch * heads * nc * kk * kk];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int l = 0; l < len; l++) {
          int src = (b * len + l) * width + h * d;
          int dst = ((b * heads + h) * len + l) * d;
          System.arraycopy(q, src, xq, dst, d);
          System.arraycopy(k, src, xk, dst, d);
          System.arraycopy(v, src, xv, dst, d);
        }
        for (int l = 0; l < len; l++) {
          double s = params.lrBias()[h];
          for (int c = 0; c < width; c++) {
            s += (double) x[(b * len + l) * width + c] * params.lrWeight()[h * width + c];
          }
          float lr = (float) (cfg.baseLr() * TttMath.sigmoid(s) / d);
          int n = l / kk;
          int j = l % kk;
          for (int i = 0; i < kk; i++) {
            eta[((b * heads + h) * nc + n) * kk * kk + i * kk + j] = tokenEta[i] * lr;
          }
        }
      }
    }
    TttScanInput in = new TttScanInput(batch, heads, nc, kk, d, xq, xk, xv, eta,
        params.lnWeight(), params.lnBias());
    float[] xqw = new float[rows * width];
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), batch * heads, d);
    kernel.scan(cfg, in, params.inner(), xqw, fin);
    float[] y = xqw.clone();
    LayerOps.layerNormRows(y, rows, width, params.postNormWeight(), params.postNormBias(),
        cfg.postNormEps());
    y = LayerOps.dense(y, rows, width, params.wo(), null, width); // [B*L, D] x [D, D]^T
    return new Result(y, xqw, in, fin);
  }
}
