package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.backend.onnx.graph.GraphBuilder;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttVariant;

/**
 * One video TTT layer (reference 2.2-2.8, clean eta rule, non-causal) written into a graph:
 * projections, L2 norm, global RoPE, the normalised reconstruction target and the per-token rates
 * for all tokens at once, then the dual-form mini-batch scan as an ONNX {@code Scan} whose state
 * is the inner model ({@code W1, b1} and, for TTT-MLP, {@code W2, b2}, per head) and whose scan
 * axis is the mini-batch axis, then post LayerNorm, output projection and the scatter back to
 * text-first order. Everything that does not depend on the carried weights ({@code XQ XK^T}, the
 * eta products, the last-row rates) is computed before the scan for all mini-batches in one
 * operation each, as {@code NdTttScan} of backend-djl does, so the loop body is ~40 small nodes.
 *
 * <p>The layer's weights are written once; {@link #forward} may run the layer several times (the
 * forward and the reversed pass share them), each with its own scan body.
 */
final class TttGraph {

  /** Gather into scan order and scatter back: int64 index values of length L. */
  record Order(String gather, String scatter) {}

  private static final float L2_EPS = 1e-12f;
  private static final float TARGET_STD_EPS = 1e-8f;
  private static final float GELU_C = 0.79788456f;
  private static final float GELU_A = 0.044715f;
  private static final float GELU_3AC = 0.1070322243f;
  private final TttConfig c;
  private final float innerEps;
  private final GraphBuilder g;
  private final String prefix;
  private final boolean mlp;
  private final int heads;
  private final int d;
  private final int f;
  private final int k;
  private final int dm;
  private final String wq;
  private final String bq;
  private final String wk;
  private final String bk;
  private final String wv;
  private final String bv;
  private final String wo;
  private final String bo;
  private final String w1;
  private final String b1;
  private final String w2;
  private final String b2;
  private final float[] lnWeight;
  private final float[] lnBias;
  private final String lnW;
  private final String lnB;
  private final String lrW;
  private final String lrB;
  private final String postW;
  private final String postB;
  private int bodies;

  TttGraph(TttConfig c, WeightSource w, GraphBuilder g, String prefix) {
    if (c.causal() || c.etaQuirk()) {
      throw new InvalidInputException("the ONNX TTT layer implements the clean, non-causal rule"
          + " only");
    }
    this.c = c;
    this.innerEps = (float) c.innerLnEps();
    this.g = g;
    this.prefix = prefix;
    this.mlp = c.variant() == TttVariant.MLP;
    this.heads = c.heads();
    this.d = c.headDim();
    this.f = mlp ? 4 * d : d;
    this.k = c.miniBatch();
    this.dm = c.width();
    wq = transposed(w, "wq");
    bq = vec(w, "wq.bias");
    wk = transposed(w, "wk");
    bk = vec(w, "wk.bias");
    wv = transposed(w, "wv");
    bv = vec(w, "wv.bias");
    wo = transposed(w, "wo");
    bo = vec(w, "wo.bias");
    w1 = g.weight(prefix + "W1", w.get(prefix + "W1", heads, d, f), heads, d, f);
    b1 = g.weight(prefix + "b1", w.get(prefix + "b1", heads, 1, f), heads, 1, f);
    w2 = mlp ? g.weight(prefix + "W2", w.get(prefix + "W2", heads, f, d), heads, f, d) : null;
    b2 = mlp ? g.weight(prefix + "b2", w.get(prefix + "b2", heads, 1, d), heads, 1, d) : null;
    lnWeight = w.get(prefix + "ttt_norm_weight", heads, d);
    lnBias = w.get(prefix + "ttt_norm_bias", heads, d);
    lnW = g.weight(prefix + "ttt_norm_weight", lnWeight, heads, d);
    lnB = g.weight(prefix + "ttt_norm_bias", lnBias, heads, d);
    // [H, 1, D] -> [D, H]: logits = x lr^T
    float[] lr = w.get(prefix + "learnable_ttt_lr_weight", heads, 1, dm);
    lrW = g.weight(prefix + "learnable_ttt_lr_weight^T", DenoiserGraph.transpose(lr, heads, dm),
        dm, heads);
    lrB = g.weight(prefix + "learnable_ttt_lr_bias",
        w.get(prefix + "learnable_ttt_lr_bias", heads, 1), heads);
    postW = vec(w, "post_norm.weight");
    postB = vec(w, "post_norm.bias");
  }

  private String transposed(WeightSource w, String p) {
    String name = prefix + p + ".weight";
    return g.weight(name + "^T", DenoiserGraph.transpose(w.get(name, dm, dm), dm, dm), dm, dm);
  }

  private String vec(WeightSource w, String p) {
    return g.weight(prefix + p, w.get(prefix + p, dm), dm);
  }

  /**
   * Runs the layer over text-first tokens in the given scan order.
   *
   * @param x [L, D] text-first
   * @param order gather into scan order, scatter back
   * @param cos2 [L, 1, d] RoPE cosines in scan order
   * @param sinSigned [L, 1, d] RoPE sines in scan order
   * @return [L, D] text-first
   */
  String forward(String x, Order order, String cos2, String sinSigned) {
    String xs = g.gather(x, order.gather(), 0); // [L, D] scan order
    String q = g.reshape(g.add(g.matMul(xs, wq), bq), -1, heads, d); // [L, H, d]
    String kk = g.reshape(g.add(g.matMul(xs, wk), bk), -1, heads, d);
    String v = g.reshape(g.add(g.matMul(xs, wv), bv), -1, heads, d);
    q = DenoiserGraph.rope(g, d, l2Normalize(q), cos2, sinSigned); // [L, 1, d] over [L, H, d]
    kk = DenoiserGraph.rope(g, d, l2Normalize(kk), cos2, sinSigned);
    // target: gamma_h (u - mean) / (std_unbiased + eps) + beta_h + k, u = v - k
    String u = g.sub(v, kk);
    String uc = g.sub(u, g.meanLast(u));
    String std = g.unary("Sqrt", g.div(g.sumLast(g.square(uc)), g.scalar(d - 1f)));
    String target = g.add(g.add(g.mul(g.div(uc, g.add(std, TARGET_STD_EPS)), lnW), lnB), kk);
    // rates [L, D] x [D, H] -> [L, H]
    String logits = g.add(g.matMul(xs, lrW), lrB);
    String rate = g.mul(g.unary("Sigmoid", logits), (float) (c.baseLr() / d / k));
    // eta rows all equal (clean rule): [L, H] -> [H, NC, 1, K] -> [H, NC, K, K]
    String eta = g.op("Expand", new String[] {
      g.reshape(g.transpose(rate, 1, 0), heads, -1, 1, k), g.ints(1, 1, k, 1)});
    String xq = toScan(q);
    String xk = toScan(kk);
    String xv = toScan(target);
    // everything that does not depend on the carried weights, for all mini-batches at once
    String tgt = g.sub(xv, xk); // [H, NC, K, d]
    String qkT = g.matMul(xq, g.transpose(xk, 0, 1, 3, 2)); // [H, NC, K, d] x [H, NC, d, K]
    String eqk = g.mul(eta, qkT);
    String eLastT = g.slice(eta, 2, k - 1, k); // [H, NC, 1, K]
    String keT = g.transpose(g.mul(xk, g.transpose(eLastT, 0, 1, 3, 2)), 0, 1, 3, 2); // [H, NC, d, K]
    String[] states = mlp ? new String[] {w1, b1, w2, b2} : new String[] {w1, b1};
    String[] scanIn = {xq, xk, tgt, eta, eqk, keT, eLastT};
    String[] in = new String[states.length + scanIn.length];
    System.arraycopy(states, 0, in, 0, states.length);
    System.arraycopy(scanIn, 0, in, states.length, scanIn.length);
    long[] axes = new long[scanIn.length];
    java.util.Arrays.fill(axes, 1);
    String[] outs = g.ops("Scan", states.length + 1, in,
        GraphBuilder.attr("body", body().build()),
        GraphBuilder.attr("num_scan_inputs", (long) scanIn.length),
        GraphBuilder.attrs("scan_input_axes", axes),
        GraphBuilder.attrs("scan_output_axes", 1));
    String res = outs[states.length]; // [H, NC, K, d]
    // [H, NC, K, d] -> [H, L, d] -> [L, H, d] -> [L, D]
    String out = g.reshape(g.transpose(g.reshape(res, heads, -1, d), 1, 0, 2), -1, dm);
    out = g.layerNorm(out, postW, postB, (float) c.postNormEps());
    out = g.add(g.matMul(out, wo), bo);
    return g.gather(out, order.scatter(), 0); // back to text-first
  }

  /** [L, H, d] -> [H, L, d] -> [H, NC, K, d]. */
  private String toScan(String x) {
    return g.reshape(g.transpose(x, 1, 0, 2), heads, -1, k, d);
  }

  private String l2Normalize(String x) {
    String norm = g.unary("Sqrt", g.sumLast(g.square(x)));
    return g.div(x, g.op("Max", new String[] {norm, g.scalar(L2_EPS)}));
  }

  /** One mini-batch of the dual form; state W1, b1 (, W2, b2), slices [H, K, .], output [H, K, d]. */
  private GraphBuilder body() {
    GraphBuilder b = new GraphBuilder(prefix + "scan" + (bodies++));
    String sw1 = b.input("w1_in", GraphBuilder.FLOAT, heads, d, f);
    String sb1 = b.input("b1_in", GraphBuilder.FLOAT, heads, 1, f);
    String sw2 = mlp ? b.input("w2_in", GraphBuilder.FLOAT, heads, f, d) : null;
    String sb2 = mlp ? b.input("b2_in", GraphBuilder.FLOAT, heads, 1, d) : null;
    String q = b.input("q", GraphBuilder.FLOAT, heads, k, d);
    String kk = b.input("k", GraphBuilder.FLOAT, heads, k, d);
    String tgt = b.input("tgt", GraphBuilder.FLOAT, heads, k, d);
    String en = b.input("eta", GraphBuilder.FLOAT, heads, k, k);
    String eqk = b.input("eqk", GraphBuilder.FLOAT, heads, k, k);
    String keT = b.input("keT", GraphBuilder.FLOAT, heads, d, k);
    String eLastT = b.input("eLastT", GraphBuilder.FLOAT, heads, 1, k);
    String lw = b.weight("ln_w", lnWeight, heads, 1, d);
    String lb = b.weight("ln_b", lnBias, heads, 1, d);
    float[] onesV = new float[d];
    java.util.Arrays.fill(onesV, 1f);
    String ones = b.weight("ones", onesV, d);
    String zeros = b.weight("zeros", new float[d], d);
    String result;
    String nw1;
    String nb1;
    if (!mlp) {
      String z1 = b.add(b.matMul(kk, sw1), sb1); // [H, K, d] x [H, d, F]
      String g1 = lnL2Backward(b, z1, tgt, lw, lb);
      String z1b = b.sub(b.add(b.sub(b.matMul(q, sw1), b.matMul(eqk, g1)), sb1),
          b.matMul(en, g1));
      result = b.add(q, b.add(b.mul(b.layerNorm(z1b, ones, zeros, innerEps), lw), lb));
      nw1 = b.sub(sw1, b.matMul(keT, g1)); // [H, d, K] x [H, K, F]
      nb1 = b.sub(sb1, b.matMul(eLastT, g1)); // [H, 1, K] x [H, K, F]
      b.output("w1_out", nw1, GraphBuilder.FLOAT, heads, d, f);
      b.output("b1_out", nb1, GraphBuilder.FLOAT, heads, 1, f);
    } else {
      String z1 = b.add(b.matMul(kk, sw1), sb1); // [H, K, d] x [H, d, 4d]
      String th = geluTanh(b, z1);
      String x2 = gelu(b, z1, th);
      String z2 = b.add(b.matMul(x2, sw2), sb2); // [H, K, 4d] x [H, 4d, d]
      String g2 = lnL2Backward(b, z2, tgt, lw, lb);
      // [H, K, d] x [H, d, 4d]
      String g1 = b.mul(b.matMul(g2, b.transpose(sw2, 0, 2, 1)), geluBackward(b, z1, th));
      String z1b = b.sub(b.add(b.sub(b.matMul(q, sw1), b.matMul(eqk, g1)), sb1),
          b.matMul(en, g1));
      String x2b = gelu(b, z1b, geluTanh(b, z1b));
      String aa = b.matMul(x2b, b.transpose(x2, 0, 2, 1)); // [H, K, 4d] x [H, 4d, K]
      String z2b = b.sub(b.add(b.sub(b.matMul(x2b, sw2), b.matMul(b.mul(en, aa), g2)), sb2),
          b.matMul(en, g2));
      result = b.add(q, b.add(b.mul(b.layerNorm(z2b, ones, zeros, innerEps), lw), lb));
      nw1 = b.sub(sw1, b.matMul(keT, g1));
      nb1 = b.sub(sb1, b.matMul(eLastT, g1));
      // (e_last * X2)^T @ G2: [H, K, 1] * [H, K, 4d] -> [H, 4d, K] x [H, K, d]
      String nw2 = b.sub(sw2, b.matMul(
          b.transpose(b.mul(b.transpose(eLastT, 0, 2, 1), x2), 0, 2, 1), g2));
      String nb2 = b.sub(sb2, b.matMul(eLastT, g2));
      b.output("w1_out", nw1, GraphBuilder.FLOAT, heads, d, f);
      b.output("b1_out", nb1, GraphBuilder.FLOAT, heads, 1, f);
      b.output("w2_out", nw2, GraphBuilder.FLOAT, heads, f, d);
      b.output("b2_out", nb2, GraphBuilder.FLOAT, heads, 1, d);
    }
    b.output("result", result, GraphBuilder.FLOAT, heads, k, d);
    return b;
  }

  /** Gradient w.r.t. x of 1/2 ||LN(x) w + b - t||^2 per row. */
  private String lnL2Backward(GraphBuilder b, String x, String t, String w, String bias) {
    String xc = b.sub(x, b.meanLast(x));
    String std = b.unary("Sqrt", b.add(b.meanLast(b.square(xc)), innerEps));
    String xh = b.div(xc, std);
    String go = b.mul(b.sub(b.add(b.mul(xh, w), bias), t), w);
    String s1 = b.sumLast(go);
    String s2 = b.sumLast(b.mul(go, xh));
    float n = d;
    return b.div(b.sub(b.sub(b.mul(go, n), s1), b.mul(xh, s2)), b.mul(std, n));
  }

  private static String geluTanh(GraphBuilder b, String x) {
    return b.unary("Tanh", b.mul(b.mul(b.add(b.mul(b.square(x), GELU_A), 1f), x), GELU_C));
  }

  private static String gelu(GraphBuilder b, String x, String th) {
    return b.mul(b.mul(b.add(th, 1f), x), 0.5f);
  }

  private static String geluBackward(GraphBuilder b, String x, String th) {
    String left = b.mul(b.mul(b.mul(b.add(b.unary("Neg", b.square(th)), 1f), x), 0.5f),
        b.add(b.mul(b.square(x), GELU_3AC), GELU_C));
    return b.add(left, b.mul(b.add(th, 1f), 0.5f));
  }
}
