package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.backend.onnx.graph.GraphBuilder;
import io.github.tttvideo.core.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the streaming decoder of the causal 3D-conv VAE (reference 7.4; the network of
 * backend-djl's {@code NdCausalVae}) as two ONNX graphs: {@code first}, for the first piece of a
 * video (every causal convolution pads time with its input's first frame twice, and the temporal
 * upsampling keeps frame 0 single), and {@code next}, for every later piece (each convolution
 * takes the two frames it saw last as an input). Both return the pixels and, per convolution,
 * the two frames the next piece needs, so the caller carries the decoder state between calls.
 *
 * <p>Inputs: {@code latents [f, C, h, w]}, and for {@code next} {@code past.i [1, Cin_i, 2,
 * H_i, W_i]}; outputs {@code pixels [frames, 3, H, W]} (about [-1, 1], not clamped; with a
 * {@code vae_palette}, the softmax-weighted mean of the colours, as in backend-djl) and
 * {@code cache.i}, one per convolution in the order of {@link #convolutions}.
 */
final class VaeDecoderGraph {

  private final ModelConfig c;
  private final ModelWeights w;
  private final GraphBuilder g;
  private final boolean first;
  private final List<ConvSpec> convs;
  private final List<String> caches = new ArrayList<>();
  private int next;

  /** One causal conv: name, input channels, spatial size of its input. */
  record ConvSpec(String name, int in, int out, int height, int width) {}

  private VaeDecoderGraph(ModelConfig c, ModelWeights w, GraphBuilder g, boolean first) {
    this.c = c;
    this.w = w;
    this.g = g;
    this.first = first;
    this.convs = convolutions(c);
  }

  /**
   * The decoder's convolutions in the order they run, with their input sizes.
   *
   * @param c config
   * @return the convolutions
   */
  static List<ConvSpec> convolutions(ModelConfig c) {
    List<Integer> ch = c.vaeChannels();
    int n = ch.size();
    int h = c.latentHeight();
    int wd = c.latentWidth();
    List<ConvSpec> out = new ArrayList<>();
    out.add(new ConvSpec("vae.decoder.conv_in", c.latentChannels(), ch.get(n - 1), h, wd));
    for (int j = 0; j < n - 1; j++) {
      int l = n - 1 - j;
      String p = "vae.decoder.up." + j + ".";
      out.add(new ConvSpec(p + "res.conv1", ch.get(l), ch.get(l), h, wd));
      out.add(new ConvSpec(p + "res.conv2", ch.get(l), ch.get(l), h, wd));
      h *= 2;
      wd *= 2;
      out.add(new ConvSpec(p + "conv", ch.get(l), ch.get(l - 1), h, wd));
    }
    out.add(new ConvSpec("vae.decoder.res_out.conv1", ch.get(0), ch.get(0), h, wd));
    out.add(new ConvSpec("vae.decoder.res_out.conv2", ch.get(0), ch.get(0), h, wd));
    out.add(new ConvSpec("vae.decoder.conv_out", ch.get(0), c.vaeOutputChannels(), h, wd));
    return out;
  }

  /**
   * Writes one of the two decoder graphs.
   *
   * @param c config
   * @param w weights
   * @param g empty graph
   * @param first the graph of a video's first piece
   */
  static void write(ModelConfig c, ModelWeights w, GraphBuilder g, boolean first) {
    new VaeDecoderGraph(c, w, g, first).write();
  }

  private void write() {
    int levels = c.vaeChannels().size();
    int temporalStages = Integer.numberOfTrailingZeros(c.vaeTemporal());
    String latents = g.input("latents", GraphBuilder.FLOAT, "f", c.latentChannels(),
        c.latentHeight(), c.latentWidth());
    if (!first) {
      for (int i = 0; i < convs.size(); i++) {
        ConvSpec s = convs.get(i);
        g.input("past." + i, GraphBuilder.FLOAT, 1, s.in(), 2, s.height(), s.width());
      }
    }
    String h = g.op("Unsqueeze", new String[] {g.transpose(latents, 1, 0, 2, 3), g.ints(0)});
    h = conv(h); // [1, C, f, h, w] -> [1, ch, f, h, w]
    int hh = c.latentHeight();
    int ww = c.latentWidth();
    for (int j = 0; j < levels - 1; j++) {
      int ch = c.vaeChannels().get(levels - 1 - j);
      h = residual(h);
      h = repeat2(h, 4, new long[] {1, ch, -1, 2L * hh, ww}); // rows
      h = repeat2(h, 5, new long[] {1, ch, -1, 2L * hh, 2L * ww}); // columns
      hh *= 2;
      ww *= 2;
      if (j < temporalStages) {
        long[] shape = {1, ch, -1, hh, ww};
        if (first) {
          String head = g.slice(h, 2, 0, 1);
          String rest = g.slice(h, 2, 1, Long.MAX_VALUE);
          h = g.concat(2, head, repeat2(rest, 3, shape));
        } else {
          h = repeat2(h, 3, shape);
        }
      }
      h = conv(h);
    }
    h = residual(h);
    h = conv(g.silu(h));
    float[] palette = c.vaePaletteRgb();
    if (palette != null) {
      // [1, P, f, H, W] logits -> softmax over the colours -> their weighted mean
      String probs = g.transpose(g.op("Softmax", new String[] {h}, GraphBuilder.attr("axis", 1L)),
          0, 2, 3, 4, 1); // [1, f, H, W, P]
      String colours = g.weight("vae.decoder.palette", palette, palette.length / 3, 3);
      h = g.transpose(g.op("MatMul", new String[] {probs, colours}), 0, 4, 1, 2, 3);
    }
    String px = g.transpose(g.op("Squeeze", new String[] {h, g.ints(0)}), 1, 0, 2, 3);
    g.output("pixels", px, GraphBuilder.FLOAT, "frames", 3, c.pixelHeight(), c.pixelWidth());
    for (int i = 0; i < convs.size(); i++) {
      ConvSpec s = convs.get(i);
      g.output("cache." + i, caches.get(i), GraphBuilder.FLOAT, 1, s.in(), 2, s.height(),
          s.width());
    }
  }

  /** Nearest 2x along one axis: unsqueeze after it, broadcast to 2, merge. */
  private String repeat2(String x, int newAxis, long[] merged) {
    long[] expand = new long[6];
    java.util.Arrays.fill(expand, 1);
    expand[newAxis] = 2;
    String u = g.op("Unsqueeze", new String[] {x, g.ints(newAxis)});
    return g.reshape(g.op("Expand", new String[] {u, g.ints(expand)}), merged);
  }

  private String residual(String x) {
    String h = conv(g.silu(x));
    return g.add(x, conv(g.silu(h)));
  }

  /** Causal 3D conv, kernel 3: two past frames (carried, or frame 0 twice), zero-padded space. */
  private String conv(String x) {
    int i = next++;
    ConvSpec s = convs.get(i);
    String past;
    if (first) {
      String f0 = g.slice(x, 2, 0, 1);
      past = g.concat(2, f0, f0);
    } else {
      past = "past." + i;
    }
    String padded = g.concat(2, past, x);
    caches.add(g.slice(padded, 2, -2, Long.MAX_VALUE));
    String wt = g.weight(s.name() + ".weight", w.get(s.name() + ".weight", s.out(), s.in(), 3, 3,
        3), s.out(), s.in(), 3, 3, 3);
    String b = g.weight(s.name() + ".bias", w.get(s.name() + ".bias", s.out()), s.out());
    return g.op("Conv", new String[] {padded, wt, b},
        GraphBuilder.attrs("kernel_shape", 3, 3, 3),
        GraphBuilder.attrs("pads", 0, 1, 1, 0, 1, 1),
        GraphBuilder.attrs("strides", 1, 1, 1));
  }
}
