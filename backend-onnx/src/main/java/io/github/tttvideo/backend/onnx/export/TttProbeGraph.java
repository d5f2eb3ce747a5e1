package io.github.tttvideo.backend.onnx.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import io.github.tttvideo.backend.onnx.graph.GraphBuilder;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.VideoTttParams;
import java.util.HashMap;
import java.util.Map;

/**
 * One TTT layer, or one gated bidirectional TTT block, of ttt-core's parameters as a serialized
 * ONNX model, written by the same code as the denoiser graph's layers: for comparing the backend's
 * TTT with ttt-core's oracle (the backend compatibility kit's layer probe).
 *
 * <p>Inputs {@code x [L, D]} (text-first), for the block {@code sizes [2]} (text and video token
 * counts), and the {@link TttInputs} as {@code ttt_fwd_gather, ttt_fwd_scatter, ttt_rev_gather,
 * ttt_rev_scatter, ttt_cos, ttt_sin}; output {@code y [L, D]}.
 *
 * @since 0.1.0
 */
public final class TttProbeGraph {

  private TttProbeGraph() {}

  /**
   * The serialized model.
   *
   * @param p layer parameters (clean eta rule, non-causal)
   * @param gates the block's gates, or null for the layer alone (forward pass)
   * @return the ONNX model bytes
   */
  public static byte[] write(VideoTttParams p, TttGates gates) {
    TttConfig c = p.config();
    int w = c.width();
    int h = c.heads();
    int d = c.headDim();
    int f = c.innerHidden();
    InnerWeights in = p.inner();
    Map<String, float[]> t = new HashMap<>();
    t.put("ttt.wq.weight", p.wq());
    t.put("ttt.wq.bias", p.bq());
    t.put("ttt.wk.weight", p.wk());
    t.put("ttt.wk.bias", p.bk());
    t.put("ttt.wv.weight", p.wv());
    t.put("ttt.wv.bias", p.bv());
    t.put("ttt.wo.weight", p.wo());
    t.put("ttt.wo.bias", p.bo());
    t.put("ttt.W1", in.w1());
    t.put("ttt.b1", in.b1());
    t.put("ttt.W2", in.w2());
    t.put("ttt.b2", in.b2());
    t.put("ttt.ttt_norm_weight", p.lnWeight());
    t.put("ttt.ttt_norm_bias", p.lnBias());
    t.put("ttt.learnable_ttt_lr_weight", p.lrWeight());
    t.put("ttt.learnable_ttt_lr_bias", p.lrBias());
    t.put("ttt.post_norm.weight", p.postNormWeight());
    t.put("ttt.post_norm.bias", p.postNormBias());
    WeightSource src = (name, shape) -> {
      float[] v = t.get(name);
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      if (v == null || v.length != n) {
        throw new IllegalArgumentException("parameter " + name + " does not fit "
            + java.util.Arrays.toString(shape));
      }
      return v;
    };
    GraphBuilder g = new GraphBuilder(gates == null ? "ttt_layer" : "ttt_block");
    String x = g.input("x", GraphBuilder.FLOAT, "L", w);
    String sizes = gates == null ? null : g.input("sizes", GraphBuilder.INT64, 2);
    TttGraph.Order fwd = new TttGraph.Order(g.input("ttt_fwd_gather", GraphBuilder.INT64, "L"),
        g.input("ttt_fwd_scatter", GraphBuilder.INT64, "L"));
    TttGraph.Order rev = new TttGraph.Order(g.input("ttt_rev_gather", GraphBuilder.INT64, "L"),
        g.input("ttt_rev_scatter", GraphBuilder.INT64, "L"));
    String cos = g.input("ttt_cos", GraphBuilder.FLOAT, "L", 1, d);
    String sin = g.input("ttt_sin", GraphBuilder.FLOAT, "L", 1, d);
    TttGraph layer = new TttGraph(c, src, g, "ttt.");
    String y;
    if (gates == null) {
      y = layer.forward(x, fwd, cos, sin);
    } else {
      String z = g.add(x, gate(g, layer.forward(x, fwd, cos, sin), sizes,
          g.weight("gate.forward_text", gates.forwardText(), w),
          g.weight("gate.forward_video", gates.forwardVideo(), w)));
      y = g.add(z, gate(g, layer.forward(z, rev, cos, sin), sizes,
          g.weight("gate.backward_text", gates.backwardText(), w),
          g.weight("gate.backward_video", gates.backwardVideo(), w)));
    }
    g.output("y", y, GraphBuilder.FLOAT, "L", w);
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("ttt-video")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("")
            .setVersion(OnnxExporter.OPSET))
        .setGraph(g.build()).build().toByteArray();
  }

  private static String gate(GraphBuilder g, String y, String sizes, String text, String video) {
    String[] parts = g.split(y, 0, sizes, 2);
    return g.concat(0, g.mul(parts[0], g.unary("Tanh", text)),
        g.mul(parts[1], g.unary("Tanh", video)));
  }
}
