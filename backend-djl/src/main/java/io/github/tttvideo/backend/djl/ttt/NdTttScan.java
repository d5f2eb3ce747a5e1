package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.dit.NdOps;

/**
 * The TTT mini-batch scan (dual form) with DJL NDArray operations, batched over batch and heads:
 * every product is one batched matmul over {@code BH = B * H} independent inner models.
 *
 * <p>Per mini-batch (all tensors per (b, h); {@code @} is a batched matrix product):
 *
 * <pre>{@code
 * TTT-Linear:                                   TTT-MLP:
 *   Z1 = XK @ W1 + b1                             Z1 = XK @ W1 + b1;  X2 = gelu(Z1);  Z2 = X2 @ W2 + b2
 *   G1 = lnL2Bwd(Z1, XV - XK)                     G2 = lnL2Bwd(Z2, XV - XK);  G1 = (G2 @ W2^T) * gelu'(Z1)
 *   Z1b = XQ @ W1 - (E * XQ@XK^T) @ G1            Z1b = XQ @ W1 - (E * XQ@XK^T) @ G1 + b1 - E @ G1
 *         + b1 - E @ G1                           X2b = gelu(Z1b)
 *   out = XQ + LN(Z1b)                            Z2b = X2b @ W2 - (E * X2b@X2^T) @ G2 + b2 - E @ G2
 *                                                 out = XQ + LN(Z2b)
 * carry: W -= (e_last * X)^T @ G,  b -= e_last @ G   with e_last = E[K-1, :]
 * }</pre>
 *
 * <p>With {@code causal} the eta matrix and the attention-like products are lower-triangular (the
 * TTT-LM variant). Inference only: no gradient is recorded.
 *
 * @since 0.1.0
 */
public final class NdTttScan {
  private static final float GELU_C = 0.79788456f;
  private static final float GELU_A = 0.044715f;
  private static final float GELU_3AC = 0.1070322243f;

  private final boolean mlp;
  private final boolean causal;
  private final float eps;

  /**
   * Creates a scan.
   *
   * @param mlp TTT-MLP (true) or TTT-Linear (false)
   * @param causal lower-triangular eta and products (TTT-LM)
   * @param innerLnEps epsilon of the inner layer norm
   */
  public NdTttScan(boolean mlp, boolean causal, float innerLnEps) {
    this.mlp = mlp;
    this.causal = causal;
    this.eps = innerLnEps;
  }

  /**
   * Runs the scan. Inputs are not modified; the returned arrays belong to {@code out}'s manager.
   *
   * @param xq queries [BH, NC, K, d]
   * @param xk keys [BH, NC, K, d]
   * @param xv reconstruction targets plus keys [BH, NC, K, d] (target = xv - xk)
   * @param eta learning-rate matrices [BH, NC, K, K]
   * @param lnWeight inner layer-norm weight, broadcastable to [BH, 1, d]
   * @param lnBias inner layer-norm bias, broadcastable to [BH, 1, d]
   * @param weights initial inner weights: W1 [BH, d, F], b1 [BH, 1, F] (, W2 [BH, F, d], b2 [BH, 1, d])
   * @param out the manager that owns the results
   * @return outputs [BH, NC, K, d] followed by the final inner weights
   */
  public NDList scan(
      NDArray xq, NDArray xk, NDArray xv, NDArray eta, NDArray lnWeight, NDArray lnBias,
      NDList weights, NDManager out) {
    long nc = xq.getShape().get(1);
    long k = xq.getShape().get(2);
    try (NDManager scope = out.newSubManager()) {
      NDArray w1 = weights.get(0).duplicate();
      NDArray b1 = weights.get(1).duplicate();
      NDArray w2 = mlp ? weights.get(2).duplicate() : null;
      NDArray b2 = mlp ? weights.get(3).duplicate() : null;
      w1.attach(scope);
      b1.attach(scope);
      if (mlp) {
        w2.attach(scope);
        b2.attach(scope);
      }
      NDArray mask = causal ? lowerTriangle(scope, (int) k) : null;
      // Everything that does not depend on the carried weights, for all mini-batches at once
      // (one operation each instead of one per mini-batch).
      NDArray e = mask == null ? eta : eta.mul(mask); // [BH, NC, K, K]
      NDArray target = xv.sub(xk); // [BH, NC, K, d]
      NDArray qkT = xq.matMul(xk.transpose(0, 1, 3, 2)); // [BH, NC, K, d] x [BH, NC, d, K]
      NDArray eqk = mask == null ? e.mul(qkT) : e.mul(qkT.mul(mask));
      NDArray eLast = e.get(new NDIndex(":, :, {}, :", k - 1)).expandDims(3); // [BH, NC, K, 1]
      NDArray keT = xk.mul(eLast).transpose(0, 1, 3, 2); // [BH, NC, d, K]
      NDArray eLastT = eLast.transpose(0, 1, 3, 2); // [BH, NC, 1, K]
      NDList[] chunks = new NDList[7];
      NDArray[] all = {xq, xk, target, e, eqk, keT, eLastT};
      for (int i = 0; i < all.length; i++) {
        all[i].attach(scope);
        chunks[i] = all[i].split(nc, 1); // NC x [BH, 1, ...]
        chunks[i].attach(scope);
      }
      long d = xq.getShape().get(3);
      NDArray ones = scope.ones(new Shape(mlp ? d : w1.getShape().getLastDimension()));
      NDArray zeros = scope.zeros(ones.getShape());
      NDArray[] outs = new NDArray[(int) nc];
      for (int n = 0; n < nc; n++) {
        try (NDManager step = scope.newSubManager()) {
          NDArray q = chunks[0].get(n).squeeze(1); // [BH, K, d]
          NDArray kk = chunks[1].get(n).squeeze(1);
          NDArray tgt = chunks[2].get(n).squeeze(1);
          NDArray en = chunks[3].get(n).squeeze(1); // [BH, K, K]
          NDArray eqkn = chunks[4].get(n).squeeze(1);
          NDArray keTn = chunks[5].get(n).squeeze(1); // [BH, d, K]
          NDArray eLastTn = chunks[6].get(n).squeeze(1); // [BH, 1, K]
          for (NDArray x : new NDArray[] {q, kk, tgt, en, eqkn, keTn, eLastTn}) {
            x.attach(step);
          }
          NDArray result;
          NDArray newW1;
          NDArray newB1;
          NDArray newW2 = null;
          NDArray newB2 = null;
          if (!mlp) {
            NDArray z1 = kk.matMul(w1).add(b1); // [BH, K, d] x [BH, d, F]
            NDArray g1 = lnL2Backward(z1, tgt, lnWeight, lnBias);
            NDArray z1b = q.matMul(w1).sub(eqkn.matMul(g1)).add(b1).sub(en.matMul(g1));
            result = q.add(layerNorm(z1b, lnWeight, lnBias, ones, zeros));
            newW1 = w1.sub(keTn.matMul(g1)); // [BH, d, K] x [BH, K, F]
            newB1 = b1.sub(eLastTn.matMul(g1)); // [BH, 1, K] x [BH, K, F]
          } else {
            NDArray z1 = kk.matMul(w1).add(b1); // [BH, K, d] x [BH, d, 4d]
            NDArray th = geluTanh(z1);
            NDArray x2 = gelu(z1, th);
            NDArray z2 = x2.matMul(w2).add(b2); // [BH, K, 4d] x [BH, 4d, d]
            NDArray g2 = lnL2Backward(z2, tgt, lnWeight, lnBias);
            // [BH, K, d] x [BH, d, 4d]
            NDArray g1 = g2.matMul(w2.transpose(0, 2, 1)).mul(geluBackward(z1, th));
            NDArray z1b = q.matMul(w1).sub(eqkn.matMul(g1)).add(b1).sub(en.matMul(g1));
            NDArray x2b = gelu(z1b, geluTanh(z1b));
            NDArray aa = x2b.matMul(x2.transpose(0, 2, 1)); // [BH, K, 4d] x [BH, 4d, K]
            if (mask != null) {
              aa = aa.mul(mask);
            }
            NDArray z2b = x2b.matMul(w2).sub(en.mul(aa).matMul(g2)).add(b2).sub(en.matMul(g2));
            result = q.add(layerNorm(z2b, lnWeight, lnBias, ones, zeros));
            newW1 = w1.sub(keTn.matMul(g1));
            newB1 = b1.sub(eLastTn.matMul(g1));
            newW2 = w2.sub(eLastTn.transpose(0, 2, 1).mul(x2).transpose(0, 2, 1).matMul(g2));
            newB2 = b2.sub(eLastTn.matMul(g2));
          }
          result.attach(scope);
          outs[n] = result;
          newW1.attach(scope);
          newB1.attach(scope);
          w1 = newW1;
          b1 = newB1;
          if (mlp) {
            newW2.attach(scope);
            newB2.attach(scope);
            w2 = newW2;
            b2 = newB2;
          }
        }
      }
      NDArray stacked = NDArrays.stack(new NDList(outs), 1); // [BH, NC, K, d]
      NDList res = mlp ? new NDList(stacked, w1, b1, w2, b2) : new NDList(stacked, w1, b1);
      res.attach(out);
      return res;
    }
  }

  private static NDArray lowerTriangle(NDManager m, int k) {
    float[] tri = new float[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        tri[i * k + j] = 1f;
      }
    }
    return NdOps.create(m, tri, new Shape(k, k));
  }

  /**
   * LayerNorm over the last axis with biased variance, {@code (x - mu) / sqrt(var + eps) * w + b},
   * with per-head w and b: the native LayerNorm without affine parameters (ones, zeros), then the
   * per-head scale and shift.
   */
  NDArray layerNorm(NDArray x, NDArray w, NDArray b, NDArray ones, NDArray zeros) {
    long n = x.getShape().getLastDimension();
    return x.getNDArrayInternal().layerNorm(x, new Shape(n), ones, zeros, eps)
        .singletonOrThrow().mul(w).add(b);
  }

  /** Gradient w.r.t. x of 1/2 ||LN(x) * w + b - t||^2 per row (exact, also for eps > 0). */
  NDArray lnL2Backward(NDArray x, NDArray t, NDArray w, NDArray b) {
    long d = x.getShape().getLastDimension();
    NDArray mu = x.mean(new int[] {-1}, true);
    NDArray xc = x.sub(mu);
    NDArray std = xc.square().mean(new int[] {-1}, true).add(eps).sqrt();
    NDArray xh = xc.div(std);
    NDArray go = xh.mul(w).add(b).sub(t).mul(w);
    NDArray s1 = go.sum(new int[] {-1}, true);
    NDArray s2 = go.mul(xh).sum(new int[] {-1}, true);
    return NdOps.mul(go, d).sub(s1).sub(xh.mul(s2)).div(NdOps.mul(std, d));
  }

  /** {@code tanh(c x (1 + a x^2))}, shared by the tanh GELU and its derivative. */
  static NDArray geluTanh(NDArray x) {
    return NdOps.mul(NdOps.mul(x.square(), GELU_A).add(1f).mul(x), GELU_C).tanh();
  }

  /** tanh-approximated GELU given {@link #geluTanh}. */
  static NDArray gelu(NDArray x, NDArray th) {
    return NdOps.mul(th.add(1f).mul(x), 0.5);
  }

  /** tanh-approximated GELU. */
  static NDArray gelu(NDArray x) {
    return gelu(x, geluTanh(x));
  }

  /** Derivative of the tanh GELU with the official rounded constants. */
  static NDArray geluBackward(NDArray x) {
    return geluBackward(x, geluTanh(x));
  }

  /** Derivative of the tanh GELU given {@link #geluTanh}. */
  static NDArray geluBackward(NDArray x, NDArray th) {
    NDArray left = NdOps.mul(th.square().neg().add(1f).mul(x), 0.5)
        .mul(NdOps.mul(x.square(), GELU_3AC).add(GELU_C));
    return left.add(NdOps.mul(th.add(1f), 0.5));
  }
}
