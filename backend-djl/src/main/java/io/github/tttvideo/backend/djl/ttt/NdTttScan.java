package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

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
      NDArray[] outs = new NDArray[(int) nc];
      for (int n = 0; n < nc; n++) {
        try (NDManager step = scope.newSubManager()) {
          NDIndex at = new NDIndex(":, {}", n);
          NDArray q = xq.get(at); // [BH, K, d]
          NDArray kk = xk.get(at);
          NDArray v = xv.get(at);
          NDArray e = eta.get(at); // [BH, K, K]
          for (NDArray a : new NDArray[] {q, kk, v, e}) {
            a.attach(step);
          }
          if (mask != null) {
            e = e.mul(mask);
          }
          NDArray target = v.sub(kk);
          // carry weights: e_last = E[K-1, :] as a column [BH, K, 1]
          NDArray eLast = e.get(new NDIndex(":, {}, :", k - 1)).expandDims(2);
          NDArray result;
          NDArray newW1;
          NDArray newB1;
          NDArray newW2 = null;
          NDArray newB2 = null;
          NDArray qkT = q.matMul(kk.transpose(0, 2, 1)); // [BH, K, d] x [BH, d, K]
          if (mask != null) {
            qkT = qkT.mul(mask);
          }
          if (!mlp) {
            NDArray z1 = kk.matMul(w1).add(b1); // [BH, K, d] x [BH, d, F]
            NDArray g1 = lnL2Backward(z1, target, lnWeight, lnBias);
            NDArray z1b = q.matMul(w1).sub(e.mul(qkT).matMul(g1)).add(b1).sub(e.matMul(g1));
            result = q.add(layerNorm(z1b, lnWeight, lnBias));
            newW1 = w1.sub(kk.mul(eLast).transpose(0, 2, 1).matMul(g1)); // [BH, d, K] x [BH, K, F]
            newB1 = b1.sub(eLast.transpose(0, 2, 1).matMul(g1)); // [BH, 1, K] x [BH, K, F]
          } else {
            NDArray z1 = kk.matMul(w1).add(b1); // [BH, K, d] x [BH, d, 4d]
            NDArray x2 = gelu(z1);
            NDArray z2 = x2.matMul(w2).add(b2); // [BH, K, 4d] x [BH, 4d, d]
            NDArray g2 = lnL2Backward(z2, target, lnWeight, lnBias);
            NDArray g1 = g2.matMul(w2.transpose(0, 2, 1)).mul(geluBackward(z1)); // [BH, K, d] x [BH, d, 4d]
            NDArray z1b = q.matMul(w1).sub(e.mul(qkT).matMul(g1)).add(b1).sub(e.matMul(g1));
            NDArray x2b = gelu(z1b);
            NDArray aa = x2b.matMul(x2.transpose(0, 2, 1)); // [BH, K, 4d] x [BH, 4d, K]
            if (mask != null) {
              aa = aa.mul(mask);
            }
            NDArray z2b = x2b.matMul(w2).sub(e.mul(aa).matMul(g2)).add(b2).sub(e.matMul(g2));
            result = q.add(layerNorm(z2b, lnWeight, lnBias));
            newW1 = w1.sub(kk.mul(eLast).transpose(0, 2, 1).matMul(g1));
            newB1 = b1.sub(eLast.transpose(0, 2, 1).matMul(g1));
            newW2 = w2.sub(x2.mul(eLast).transpose(0, 2, 1).matMul(g2));
            newB2 = b2.sub(eLast.transpose(0, 2, 1).matMul(g2));
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
    return m.create(tri, new Shape(k, k));
  }

  /** LayerNorm over the last axis with biased variance: (x - mu) / sqrt(var + eps) * w + b. */
  NDArray layerNorm(NDArray x, NDArray w, NDArray b) {
    NDArray mu = x.mean(new int[] {-1}, true);
    NDArray xc = x.sub(mu);
    NDArray var = xc.square().mean(new int[] {-1}, true);
    return xc.div(var.add(eps).sqrt()).mul(w).add(b);
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
    return go.mul(d).sub(s1).sub(xh.mul(s2)).div(std.mul(d));
  }

  /** tanh-approximated GELU. */
  static NDArray gelu(NDArray x) {
    NDArray inner = x.mul(x).mul(GELU_A).add(1f).mul(x).mul(GELU_C).tanh();
    return inner.add(1f).mul(x).mul(0.5f);
  }

  /** Derivative of the tanh GELU with the official rounded constants. */
  static NDArray geluBackward(NDArray x) {
    NDArray th = x.mul(x).mul(GELU_A).add(1f).mul(x).mul(GELU_C).tanh();
    NDArray left = th.square().neg().add(1f).mul(x).mul(0.5f).mul(x.square().mul(GELU_3AC).add(GELU_C));
    return left.add(th.add(1f).mul(0.5f));
  }
}
