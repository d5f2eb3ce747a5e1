package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.backend.onnx.graph.GraphBuilder;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttVariant;

/**
 * Writes the TTT-Video denoiser (reference 5.1-5.4) as one ONNX graph that serves every story
 * length: the story layout enters as inputs (window gather and merge indices, local and global
 * RoPE tables, the TTT scan-order and reversal permutations), so the graph holds only the weights
 * and the operations. The TTT scan is an ONNX {@code Scan} over mini-batches ({@link TttGraph}).
 *
 * <p>Inputs ({@code n} segments, {@code Nf} latent frames, {@code L} tokens, {@code Lw} tokens per
 * attention window, all symbolic):
 *
 * <pre>
 * latents        [Nf, C, h, w]   float  noisy latents
 * text           [n, Tt, T]      float  text embeddings
 * time_features  [1, D]          float  [cos(t f_k) ; sin(t f_k)] of the timestep
 * win_gather     [n Lw]          int64  text-first token index of each window row
 * win_cos        [Lw, d]         float  local RoPE cosines (pair-duplicated, 1 on text)
 * win_sin        [Lw, d]         float  local RoPE sines (alternating sign, 0 on text)
 * win_merge_a    [L]             int64  window row of each text-first token
 * win_merge_b    [L]             int64  second window row (the same row when only one window)
 * ttt_fwd_gather [L]             int64  scan order of the forward TTT pass
 * ttt_fwd_scatter[L]             int64  its inverse
 * ttt_rev_gather [L]             int64  scan order of the reversed pass
 * ttt_rev_scatter[L]             int64  back to text-first order after the reversed pass
 * ttt_cos        [L, 1, d]       float  global RoPE cosines in scan order
 * ttt_sin        [L, 1, d]       float  global RoPE sines in scan order
 * </pre>
 *
 * <p>Output {@code velocity [Nf, C, h, w]}.
 */
final class DenoiserGraph {

  static final String[] INPUTS = {
    "latents", "text", "time_features", "win_gather", "win_cos", "win_sin", "win_merge_a",
    "win_merge_b", "ttt_fwd_gather", "ttt_fwd_scatter", "ttt_rev_gather", "ttt_rev_scatter",
    "ttt_cos", "ttt_sin"
  };

  private static final float GELU_C = 0.79788456f;
  private static final float GELU_A = 0.044715f;

  private final ModelConfig c;
  private final WeightSource w;
  private final GraphBuilder g;
  private final int dm;
  private final int e;

  private DenoiserGraph(ModelConfig c, WeightSource w, GraphBuilder g) {
    this.c = c;
    this.w = w;
    this.g = g;
    this.dm = c.width();
    this.e = c.timeEmbedDim();
  }

  /**
   * Writes the denoiser graph.
   *
   * @param c model config
   * @param w weights
   * @param g an empty graph
   */
  static void write(ModelConfig c, WeightSource w, GraphBuilder g) {
    new DenoiserGraph(c, w, g).write();
  }

  private void write() {
    int ch = c.latentChannels();
    int d = c.headDim();
    String latents = g.input("latents", GraphBuilder.FLOAT, "Nf", ch, c.latentHeight(),
        c.latentWidth());
    String text = g.input("text", GraphBuilder.FLOAT, "n", "Tt", c.textDim());
    String time = g.input("time_features", GraphBuilder.FLOAT, 1, dm);
    Story s = new Story(
        g.input("win_gather", GraphBuilder.INT64, "nLw"),
        g.input("win_cos", GraphBuilder.FLOAT, "Lw", d),
        g.input("win_sin", GraphBuilder.FLOAT, "Lw", d),
        g.input("win_merge_a", GraphBuilder.INT64, "L"),
        g.input("win_merge_b", GraphBuilder.INT64, "L"),
        new TttGraph.Order(g.input("ttt_fwd_gather", GraphBuilder.INT64, "L"),
            g.input("ttt_fwd_scatter", GraphBuilder.INT64, "L")),
        new TttGraph.Order(g.input("ttt_rev_gather", GraphBuilder.INT64, "L"),
            g.input("ttt_rev_scatter", GraphBuilder.INT64, "L")),
        g.input("ttt_cos", GraphBuilder.FLOAT, "L", 1, d),
        g.input("ttt_sin", GraphBuilder.FLOAT, "L", 1, d),
        g.dim(text, 0));

    String v = patchify(latents); // [Nf S, D]
    String t = linear(g.reshape(text, -1, c.textDim()), "text_proj", dm, c.textDim()); // [n Tt, D]
    String h = g.silu(linear(time, "time_embed.linear_1", e, dm));
    String temb = linear(h, "time_embed.linear_2", e, e); // [1, E]
    String act = g.silu(temb);
    String sizes = g.concat(0, g.dim(t, 0), g.dim(v, 0)); // [text tokens, video tokens]
    for (int i = 0; i < c.layers(); i++) {
      String[] tv = layer(i, t, v, act, s, sizes);
      t = tv[0];
      v = tv[1];
    }
    double eps = c.layerNormEps();
    v = g.layerNorm(v, vec("norm_final.weight", dm), vec("norm_final.bias", dm), (float) eps);
    String[] mod = g.split(linear(act, "norm_out.linear", 2L * dm, e), 1, dm, dm); // shift, scale
    v = g.add(g.mul(g.layerNorm(v, vec("norm_out.norm.weight", dm),
        vec("norm_out.norm.bias", dm), (float) eps), g.add(mod[1], 1f)), mod[0]);
    long patch = (long) ch * c.patchSize() * c.patchSize();
    String o = linear(v, "proj_out", patch, dm); // [Nf S, C p p]
    g.output("velocity", unpatchify(o), GraphBuilder.FLOAT, "Nf", ch, c.latentHeight(),
        c.latentWidth());
  }

  /**
   * Writes a graph of one layer's gated bidirectional TTT block alone (for tests): inputs {@code x
   * [L, D]} (text-first), {@code sizes [2]} (text and video token counts) and the {@code ttt_*}
   * inputs of the denoiser graph; output {@code z [L, D]}.
   *
   * @param c model config
   * @param w weights
   * @param g an empty graph
   * @param layer layer index
   */
  static void writeSequenceBlock(ModelConfig c, WeightSource w, GraphBuilder g, int layer) {
    int d = c.headDim();
    String x = g.input("x", GraphBuilder.FLOAT, "L", c.width());
    String sizes = g.input("sizes", GraphBuilder.INT64, 2);
    Story s = new Story(null, null, null, null, null,
        new TttGraph.Order(g.input("ttt_fwd_gather", GraphBuilder.INT64, "L"),
            g.input("ttt_fwd_scatter", GraphBuilder.INT64, "L")),
        new TttGraph.Order(g.input("ttt_rev_gather", GraphBuilder.INT64, "L"),
            g.input("ttt_rev_scatter", GraphBuilder.INT64, "L")),
        g.input("ttt_cos", GraphBuilder.FLOAT, "L", 1, d),
        g.input("ttt_sin", GraphBuilder.FLOAT, "L", 1, d), null);
    DenoiserGraph dg = new DenoiserGraph(c, w, g);
    g.output("z", dg.sequenceBlock(layer, x, s, sizes), GraphBuilder.FLOAT, "L", c.width());
  }

  /** The layout inputs. */
  record Story(String winGather, String winCos, String winSin, String mergeA, String mergeB,
      TttGraph.Order forward, TttGraph.Order reverse, String tttCos, String tttSin,
      String segments) {}

  /** One transformer layer: returns {text [n Tt, D], video [Nf S, D]}. */
  private String[] layer(int i, String t, String v, String act, Story s, String sizes) {
    String b = "blocks." + i + ".";
    float eps = (float) c.layerNormEps();
    // shift, scale, gate, text_shift, text_scale, text_gate
    String[] m1 = g.split(linear(act, b + "norm1.linear", 6L * dm, e), 1, dm, dm, dm, dm, dm, dm);
    String n1w = vec(b + "norm1.norm.weight", dm);
    String n1b = vec(b + "norm1.norm.bias", dm);
    String vIn = g.add(g.mul(g.layerNorm(v, n1w, n1b, eps), g.add(m1[1], 1f)), m1[0]);
    String tIn = g.add(g.mul(g.layerNorm(t, n1w, n1b, eps), g.add(m1[4], 1f)), m1[3]);
    String x = localAttention(i, g.concat(0, tIn, vIn), s); // [L, D] text-first
    String z = sequenceBlock(i, x, s, sizes);
    String[] zs = g.split(z, 0, sizes, 2);
    String t1 = g.add(t, g.mul(zs[0], m1[5]));
    String v1 = g.add(v, g.mul(zs[1], m1[2]));
    String[] m2 = g.split(linear(act, b + "norm2.linear", 6L * dm, e), 1, dm, dm, dm, dm, dm, dm);
    String n2w = vec(b + "norm2.norm.weight", dm);
    String n2b = vec(b + "norm2.norm.bias", dm);
    String mt = g.add(g.mul(g.layerNorm(t1, n2w, n2b, eps), g.add(m2[4], 1f)), m2[3]);
    String mv = g.add(g.mul(g.layerNorm(v1, n2w, n2b, eps), g.add(m2[1], 1f)), m2[0]);
    String hid = gelu(linear(g.concat(0, mt, mv), b + "ff.fc1", c.mlpHidden(), dm));
    String mo = linear(hid, b + "ff.fc2", dm, c.mlpHidden());
    String[] mos = g.split(mo, 0, sizes, 2);
    return new String[] {g.add(t1, g.mul(mos[0], m2[5])), g.add(v1, g.mul(mos[1], m2[2]))};
  }

  /**
   * Segment-local attention (reference 5.3) on the modulated text-first tokens {@code [L, D]}:
   * the windows are gathered into {@code [n, Lw, D]}, attended independently, and merged back by
   * averaging the two window rows of each token ({@code win_merge_a/b}; a token in one window
   * names its row twice, so the average is exact).
   */
  private String localAttention(int layer, String all, Story s) {
    String b = "blocks." + layer + ".attn.";
    int heads = c.heads();
    int d = c.headDim();
    float eps = (float) c.layerNormEps();
    String win = g.gather(all, s.winGather(), 0); // [n Lw, D]
    String heads4 = g.concat(0, s.segments(), g.ints(-1, heads, d)); // [n, Lw, H, d]
    String q = g.reshapeTo(linear(win, b + "to_q", dm, dm), heads4);
    String k = g.reshapeTo(linear(win, b + "to_k", dm, dm), heads4);
    String v = g.transpose(g.reshapeTo(linear(win, b + "to_v", dm, dm), heads4), 0, 2, 1, 3);
    q = g.transpose(g.layerNorm(q, vec(b + "norm_q.weight", d), vec(b + "norm_q.bias", d), eps),
        0, 2, 1, 3); // [n, H, Lw, d]
    k = g.transpose(g.layerNorm(k, vec(b + "norm_k.weight", d), vec(b + "norm_k.bias", d), eps),
        0, 2, 1, 3);
    q = rope(q, s.winCos(), s.winSin());
    k = rope(k, s.winCos(), s.winSin());
    // [n, H, Lw, d] x [n, H, d, Lw]
    String scores = g.mul(g.matMul(q, g.transpose(k, 0, 1, 3, 2)), (float) (1 / Math.sqrt(d)));
    String p = g.op("Softmax", new String[] {scores}, GraphBuilder.attr("axis", -1L));
    String o = g.matMul(p, v); // [n, H, Lw, Lw] x [n, H, Lw, d]
    o = g.reshape(g.transpose(o, 0, 2, 1, 3), -1, dm); // [n Lw, D]
    o = linear(o, b + "to_out", dm, dm);
    String a = g.gather(o, s.mergeA(), 0); // [L, D]
    String bb = g.gather(o, s.mergeB(), 0);
    return g.mul(g.add(a, bb), 0.5f);
  }

  /** Z = X + gate(TTT(X)), Z' = Z + gate(TTT'(Z)) on [L, D] text-first tokens. */
  private String sequenceBlock(int layer, String x, Story s, String sizes) {
    String b = "blocks." + layer + ".";
    TttGraph ttt = new TttGraph(tttConfig(c), w, g, b + "ttt.");
    String f = ttt.forward(x, s.forward(), s.tttCos(), s.tttSin());
    String z = g.add(x, gate(f, sizes, b + "ttt_gate.forward_text", b + "ttt_gate.forward_video"));
    String r = ttt.forward(z, s.reverse(), s.tttCos(), s.tttSin());
    return g.add(z, gate(r, sizes, b + "ttt_gate.backward_text", b + "ttt_gate.backward_video"));
  }

  private String gate(String y, String sizes, String text, String video) {
    String[] parts = g.split(y, 0, sizes, 2);
    return g.concat(0, g.mul(parts[0], g.unary("Tanh", vec(text, dm))),
        g.mul(parts[1], g.unary("Tanh", vec(video, dm))));
  }

  /** [Nf, C, h, w] -> [Nf S, C p p] -> [Nf S, D], patch channel index c p p + py p + px. */
  private String patchify(String latents) {
    int p = c.patchSize();
    int ch = c.latentChannels();
    String patches = g.reshape(
        g.transpose(g.reshape(latents, -1, ch, c.gridHeight(), p, c.gridWidth(), p),
            0, 2, 4, 1, 3, 5), // [Nf, gh, gw, C, p, p]
        -1, (long) ch * p * p);
    float[] weight = w.get("patch_embed.weight", dm, ch, p, p); // = [D, C p p]
    String wt = g.weight("patch_embed.weight^T", transpose(weight, dm, ch * p * p),
        (long) ch * p * p, dm);
    return g.add(g.matMul(patches, wt), vec("patch_embed.bias", dm));
  }

  /** [Nf S, C p p] -> [Nf, C, h, w]. */
  private String unpatchify(String o) {
    int p = c.patchSize();
    int ch = c.latentChannels();
    String x = g.reshape(o, -1, c.gridHeight(), c.gridWidth(), ch, p, p);
    return g.reshape(g.transpose(x, 0, 3, 1, 4, 2, 5), -1, ch, c.latentHeight(),
        c.latentWidth()); // [Nf, C, gh, p, gw, p] -> [Nf, C, h, w]
  }

  private String gelu(String x) {
    String inner = g.unary("Tanh",
        g.mul(g.mul(g.add(g.mul(g.square(x), GELU_A), 1f), x), GELU_C));
    return g.mul(g.mul(g.add(inner, 1f), x), 0.5f);
  }

  /** Rotates lane pairs with pair-duplicated cosines and alternating-sign sines. */
  String rope(String x, String cos2, String sinSigned) {
    return rope(g, c.headDim(), x, cos2, sinSigned);
  }

  static String rope(GraphBuilder g, int d, String x, String cos2, String sinSigned) {
    long[] swap = new long[d];
    for (int i = 0; i < d; i++) {
      swap[i] = i ^ 1; // (a, b) -> (b, a) per pair
    }
    String swapped = g.gather(x, g.ints(swap), -1);
    return g.add(g.mul(x, cos2), g.mul(swapped, sinSigned));
  }

  /** x W^T + b with W stored transposed ([in, out]) in the graph. */
  private String linear(String x, String name, long out, long in) {
    return linear(g, w, x, name, out, in);
  }

  static String linear(GraphBuilder g, WeightSource w, String x, String name, long out,
      long in) {
    float[] weight = w.get(name + ".weight", out, in);
    String wt = g.weight(name + ".weight^T", transpose(weight, (int) out, (int) in), in, out);
    String y = g.matMul(x, wt); // [..., in] x [in, out]
    return g.add(y, g.weight(name + ".bias", w.get(name + ".bias", out), out));
  }

  private String vec(String name, long n) {
    return g.weight(name, w.get(name, n), n);
  }

  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        t[col * rows + r] = a[r * cols + col];
      }
    }
    return t;
  }

  /**
   * The TTT layer configuration of a model (as backend-djl's {@code NdDenoiser.tttConfig}): its
   * variant, heads, K and base lr; inner LN eps 1e-6, post-norm eps = the model's LayerNorm eps,
   * clean eta rule, non-causal.
   */
  static TttConfig tttConfig(ModelConfig c) {
    TttVariant v = c.tttVariant() == TttVariant.MLP ? TttVariant.MLP : TttVariant.LINEAR;
    return TttConfig.video(v, c.heads(), c.headDim()).withMiniBatch(c.miniBatch())
        .withBaseLr(c.tttBaseLr()).withPostNormEps(c.layerNormEps())
        .withInnerLnEps(TttConfig.DEFAULT_INNER_LN_EPS).withEtaQuirk(false).withCausal(false);
  }
}
