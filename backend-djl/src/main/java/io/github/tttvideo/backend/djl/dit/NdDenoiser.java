package io.github.tttvideo.backend.djl.dit;

import io.github.tttvideo.core.ttt.TttVariant;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.mixer.NdAttentionMixer;
import io.github.tttvideo.backend.djl.mixer.NdMixerBlock;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.backend.djl.ttt.NdTttWeights;
import io.github.tttvideo.backend.djl.ttt.NdVideoTttLayer;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The TTT-Video diffusion transformer (reference 5.1-5.4) as NDArray functions over the loaded
 * parameters: patch embedding and text projection, sinusoidal time embedding (cos half first) and
 * its MLP, L layers of adaLN-modulated segment-local attention, the global sequence mixer of the
 * config (the gated bidirectional TTT block by default; sliding-window or full attention, or none
 * for {@code local}: issue #7) and a GELU MLP, then the final norms, adaLN(2), the output projection and unpatchify. Output is
 * the v-prediction. Inference only: no gradient is recorded; all temporaries belong to sub-managers
 * of the caller's manager.
 *
 * <pre>{@code
 * NdDenoiser net = new NdDenoiser(config, weights::get);
 * NDArray v = net.forward(latents, text, 999, layout, ttt, windows, Timer.NONE); // [Nf, C, h, w]
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NdDenoiser {

  private final ModelConfig config;
  private final Function<String, NDArray> w;
  private final List<NdMixerBlock> blocks = new ArrayList<>();
  private final TttConfig tttConfig;

  /**
   * Creates the network over loaded tensors.
   *
   * @param config model config
   * @param weights tensor by name ({@link TttDenoiserParameters#denoiser})
   */
  public NdDenoiser(ModelConfig config, Function<String, NDArray> weights) {
    this(config, weights, null);
  }

  /**
   * Creates the network over loaded tensors with a choice of TTT scan.
   *
   * @param config model config
   * @param weights tensor by name ({@link TttDenoiserParameters#denoiser})
   * @param scanKernel a ttt-core kernel for the TTT mini-batch scan, or null for the NDArray scan
   *     ({@link NdVideoTttLayer#NdVideoTttLayer(TttConfig, NdTttWeights, TttKernel)})
   */
  public NdDenoiser(ModelConfig config, Function<String, NDArray> weights, TttKernel scanKernel) {
    this.config = config;
    this.w = weights;
    this.tttConfig = tttConfig(config);
    SequenceMixer mixer = config.sequenceMixer();
    for (int i = 0; i < config.layers(); i++) {
      String b = "blocks." + i + ".";
      if (mixer == SequenceMixer.LOCAL) {
        blocks.add(null);
        continue;
      }
      if (mixer.isAttention()) {
        blocks.add(new NdAttentionMixer(mixer, config.slidingWindowSegments(), config.heads(),
            config.width(), config.layerNormEps(), b, weights));
        continue;
      }
      NdVideoTttLayer layer = new NdVideoTttLayer(tttConfig,
          NdTttWeights.of(b + "ttt.",
              tttConfig.variant() == io.github.tttvideo.core.ttt.TttVariant.MLP, weights),
          scanKernel);
      blocks.add(new NdSequenceBlock(layer, weights.apply(b + "ttt_gate.forward_text"),
          weights.apply(b + "ttt_gate.forward_video"), weights.apply(b + "ttt_gate.backward_text"),
          weights.apply(b + "ttt_gate.backward_video")));
    }
  }

  /**
   * The TTT layer configuration of a model: its variant, heads, K and base lr; inner LN eps 1e-6,
   * post-norm eps = the model's LayerNorm eps, clean eta rule.
   *
   * @param c model config
   * @return the TTT config
   */
  public static TttConfig tttConfig(ModelConfig c) {
    return TttConfig.video(TttDenoiserParameters.variant(c), c.heads(), c.headDim())
        .withMiniBatch(c.miniBatch()).withBaseLr(c.tttBaseLr()).withPostNormEps(c.layerNormEps())
        .withInnerLnEps(TttConfig.DEFAULT_INNER_LN_EPS).withEtaQuirk(false)
        .withCausal(false);
  }

  /**
   * The model config.
   *
   * @return the config
   */
  public ModelConfig config() {
    return config;
  }

  /**
   * The sequence block (gated bidirectional TTT) of a layer.
   *
   * @param layer layer index
   * @return the block
   * @throws IllegalStateException if the model's sequence mixer is not a TTT block
   */
  public NdSequenceBlock sequenceBlock(int layer) {
    if (blocks.get(layer) instanceof NdSequenceBlock b) {
      return b;
    }
    throw new IllegalStateException("the sequence mixer of model " + config.name() + " is "
        + config.sequenceMixer().jsonName() + ", not a TTT block");
  }

  /**
   * The global sequence-mixer block of a layer (issue #7).
   *
   * @param layer layer index
   * @return the block, or empty for the {@code local} mixer (no block)
   */
  public java.util.Optional<NdMixerBlock> mixerBlock(int layer) {
    return java.util.Optional.ofNullable(blocks.get(layer));
  }

  /**
   * One denoiser evaluation.
   *
   * @param latents noisy latents [Nf, C, h, w]
   * @param text text embeddings [n, Tt, textDim]
   * @param timestep DDPM timestep 0..999
   * @param ttt TTT constants of the story
   * @param windows attention constants of the story
   * @param timer receives the time of each TTT call
   * @return v [Nf, C, h, w], owned by the latents' manager
   */
  public NDArray forward(NDArray latents, NDArray text, int timestep, NdTttSequence ttt,
      NdWindows windows, NdSequenceBlock.Timer timer) {
    checkInputs(latents, text, windows.layout());
    int nf = windows.layout().latentFrames();
    return NdOps.scoped(() -> {
      NDArray v = patchify(latents);
      NDArray t = textTokens(text);
      NDArray act = NdOps.silu(timeEmbedding(latents.getManager(), timestep)
          .toType(latents.getDataType(), false));
      for (int i = 0; i < config.layers(); i++) {
        NDArray[] tv = layer(i, t, v, act, ttt, windows, timer);
        t = tv[0];
        v = tv[1];
      }
      return output(v, act, nf);
    });
  }

  /**
   * Several denoiser evaluations of stories with one layout in one pass: each example's
   * modulation, attention and MLP run on their own, the global sequence mixer once over all of
   * them as a batch [B, L, D] (the TTT scan's cost is mostly per operation, not per element, so a
   * batch costs about what one example does). Example e's result equals {@link #forward} of
   * example e alone, up to float rounding.
   *
   * @param latents noisy latents, one [Nf, C, h, w] per example
   * @param texts text embeddings, one [n, Tt, textDim] per example
   * @param timesteps DDPM timestep of each example
   * @param ttt TTT constants of the layout
   * @param windows attention constants of the layout
   * @param timer receives the time of each TTT call
   * @return v, one [Nf, C, h, w] per example, owned by the latents' manager
   * @throws InvalidInputException if the lists are empty or differ in length, or a shape is wrong
   */
  public NDList forwardBatch(NDList latents, NDList texts, int[] timesteps, NdTttSequence ttt,
      NdWindows windows, NdSequenceBlock.Timer timer) {
    int b = latents.size();
    if (b == 0 || texts.size() != b || timesteps.length != b) {
      throw new InvalidInputException("a batch needs one text and one timestep per latent, got "
          + b + " latents, " + texts.size() + " texts, " + timesteps.length + " timesteps");
    }
    for (int e = 0; e < b; e++) {
      checkInputs(latents.get(e), texts.get(e), windows.layout());
    }
    int nf = windows.layout().latentFrames();
    int text = windows.layout().textTokens();
    return NdOps.scopedList(() -> {
      NDArray[] v = new NDArray[b];
      NDArray[] t = new NDArray[b];
      NDArray[] act = new NDArray[b];
      for (int e = 0; e < b; e++) {
        NDArray z = latents.get(e);
        v[e] = patchify(z);
        t[e] = textTokens(texts.get(e));
        act[e] = NdOps.silu(timeEmbedding(z.getManager(), timesteps[e])
            .toType(z.getDataType(), false));
      }
      for (int i = 0; i < config.layers(); i++) {
        NDList x = new NDList(b);
        for (int e = 0; e < b; e++) {
          x.add(mixerInput(i, t[e], v[e], act[e], windows)); // [L, D] text-first
        }
        NdMixerBlock mixer = blocks.get(i);
        NDArray zs = mixer == null ? null
            : mixer.forward(NDArrays.stack(x, 0), ttt, timer); // [B, L, D]
        for (int e = 0; e < b; e++) {
          NDArray z = zs == null ? x.get(e) : zs.get(new NDIndex("{}", e));
          NDArray[] tv = afterMixer(i, t[e], v[e], act[e], z, text);
          t[e] = tv[0];
          v[e] = tv[1];
        }
      }
      NDList out = new NDList(b);
      for (int e = 0; e < b; e++) {
        out.add(output(v[e], act[e], nf));
      }
      return out;
    });
  }

  private void checkInputs(NDArray latents, NDArray text, SequenceLayout layout) {
    Shape expect = new Shape(layout.latentFrames(), config.latentChannels(),
        config.latentHeight(), config.latentWidth());
    if (!latents.getShape().equals(expect)) {
      throw new InvalidInputException("latents must be " + expect + ", got " + latents.getShape());
    }
    Shape textShape = new Shape(layout.segments(), layout.textTokensPerSegment(),
        config.textDim());
    if (!text.getShape().equals(textShape)) {
      throw new InvalidInputException("text must be " + textShape + ", got " + text.getShape());
    }
  }

  /** [n, Tt, T] -> [n Tt, D]. */
  private NDArray textTokens(NDArray text) {
    return NdOps.linear(text.reshape(-1, config.textDim()), w.apply("text_proj.weight"),
        w.apply("text_proj.bias")); // [n Tt, T] x [T, D]
  }

  /** Final norm, adaLN(2), output projection and unpatchify: [Nf S, D] -> [Nf, C, h, w]. */
  private NDArray output(NDArray v, NDArray act, int nf) {
    NDArray x = NdOps.layerNorm(v, w.apply("norm_final.weight"), w.apply("norm_final.bias"),
        config.layerNormEps());
    NDList mod = NdOps.linear(act, w.apply("norm_out.linear.weight"),
        w.apply("norm_out.linear.bias")).split(2, 1); // shift, scale
    x = NdOps.layerNorm(x, w.apply("norm_out.norm.weight"), w.apply("norm_out.norm.bias"),
        config.layerNormEps()).mul(mod.get(1).add(1f)).add(mod.get(0));
    NDArray o = NdOps.linear(x, w.apply("proj_out.weight"), w.apply("proj_out.bias"));
    return unpatchify(o, nf);
  }

  /** One transformer layer; returns {text, video}, owned by the manager of t. */
  private NDArray[] layer(int i, NDArray t, NDArray v, NDArray act, NdTttSequence ttt,
      NdWindows windows, NdSequenceBlock.Timer timer) {
    int text = windows.layout().textTokens();
    NDList out = NdOps.scopedList(() -> {
      NDArray x = mixerInput(i, t, v, act, windows); // [L, D] text-first
      NdMixerBlock mixer = blocks.get(i);
      NDArray z = mixer == null ? x // local: no global mixer
          : mixer.forward(x.expandDims(0), ttt, timer).squeeze(0);
      return new NDList(afterMixer(i, t, v, act, z, text));
    });
    return new NDArray[] {out.get(0), out.get(1)};
  }

  /** adaLN(1) of text and video, then the segment-local attention: [L, D] text-first. */
  private NDArray mixerInput(int i, NDArray t, NDArray v, NDArray act, NdWindows windows) {
    String b = "blocks." + i + ".";
    double eps = config.layerNormEps();
    // shift, scale, gate, text_shift, text_scale, text_gate
    NDList m1 = NdOps.linear(act, w.apply(b + "norm1.linear.weight"),
        w.apply(b + "norm1.linear.bias")).split(6, 1);
    NDArray n1w = w.apply(b + "norm1.norm.weight");
    NDArray n1b = w.apply(b + "norm1.norm.bias");
    NDArray vIn = NdOps.layerNorm(v, n1w, n1b, eps).mul(m1.get(1).add(1f)).add(m1.get(0));
    NDArray tIn = NdOps.layerNorm(t, n1w, n1b, eps).mul(m1.get(4).add(1f)).add(m1.get(3));
    return localAttention(i, tIn, vIn, windows);
  }

  /**
   * The gated residual of the mixer's output z [L, D], then adaLN(2) and the MLP; returns {text,
   * video}.
   */
  private NDArray[] afterMixer(int i, NDArray t, NDArray v, NDArray act, NDArray z, int text) {
    String b = "blocks." + i + ".";
    double eps = config.layerNormEps();
    NDList m1 = NdOps.linear(act, w.apply(b + "norm1.linear.weight"),
        w.apply(b + "norm1.linear.bias")).split(6, 1);
    NDArray t1 = t.add(z.get(new NDIndex(":{}", text)).mul(m1.get(5)));
    NDArray v1 = v.add(z.get(new NDIndex("{}:", text)).mul(m1.get(2)));
    NDList m2 = NdOps.linear(act, w.apply(b + "norm2.linear.weight"),
        w.apply(b + "norm2.linear.bias")).split(6, 1);
    NDArray n2w = w.apply(b + "norm2.norm.weight");
    NDArray n2b = w.apply(b + "norm2.norm.bias");
    NDArray mt = NdOps.layerNorm(t1, n2w, n2b, eps).mul(m2.get(4).add(1f)).add(m2.get(3));
    NDArray mv = NdOps.layerNorm(v1, n2w, n2b, eps).mul(m2.get(1).add(1f)).add(m2.get(0));
    NDArray mIn = NDArrays.concat(new NDList(mt, mv), 0);
    NDArray h = NdOps.gelu(NdOps.linear(mIn, w.apply(b + "ff.fc1.weight"),
        w.apply(b + "ff.fc1.bias")));
    NDArray mo = NdOps.linear(h, w.apply(b + "ff.fc2.weight"), w.apply(b + "ff.fc2.bias"));
    NDArray t2 = t1.add(mo.get(new NDIndex(":{}", text)).mul(m2.get(5)));
    NDArray v2 = v1.add(mo.get(new NDIndex("{}:", text)).mul(m2.get(2)));
    return new NDArray[] {t2, v2};
  }

  /**
   * Segment-local attention of one layer (reference 5.3) on already modulated inputs.
   *
   * @param layer layer index
   * @param text text tokens [n Tt, D]
   * @param video video tokens [Nf S, D]
   * @param windows attention constants
   * @return X' [n Tt + Nf S, D], text-first, owned by text's manager
   */
  public NDArray localAttention(int layer, NDArray text, NDArray video, NdWindows windows) {
    String b = "blocks." + layer + ".attn.";
    SequenceLayout layout = windows.layout();
    int n = layout.segments();
    int tt = layout.textTokensPerSegment();
    int s = layout.tokensPerFrame();
    int f = config.latentFramesPerSegment();
    int heads = config.heads();
    int d = config.headDim();
    int width = config.width();
    double eps = config.layerNormEps();
    return NdOps.scoped(() -> {
      NDArray all = NDArrays.concat(new NDList(text, video), 0);
      NDArray win = NdOps.rows(all, windows.gather()); // [n Lw, D]
      long lw = win.getShape().get(0) / n;
      Shape h4 = new Shape(n, lw, heads, d);
      NDArray q = NdOps.linear(win, w.apply(b + "to_q.weight"), w.apply(b + "to_q.bias"))
          .reshape(h4);
      NDArray k = NdOps.linear(win, w.apply(b + "to_k.weight"), w.apply(b + "to_k.bias"))
          .reshape(h4);
      NDArray v = NdOps.linear(win, w.apply(b + "to_v.weight"), w.apply(b + "to_v.bias"))
          .reshape(h4).transpose(0, 2, 1, 3); // [n, H, Lw, d]
      q = NdOps.layerNorm(q, w.apply(b + "norm_q.weight"), w.apply(b + "norm_q.bias"), eps)
          .transpose(0, 2, 1, 3);
      k = NdOps.layerNorm(k, w.apply(b + "norm_k.weight"), w.apply(b + "norm_k.bias"), eps)
          .transpose(0, 2, 1, 3);
      q = NdOps.rope(q, windows.cos2(), windows.sinSigned()); // [Lw, d] over [n, H, Lw, d]
      k = NdOps.rope(k, windows.cos2(), windows.sinSigned());
      NDArray scores = NdOps.mul(q.matMul(k.transpose(0, 1, 3, 2)), (float) (1 / Math.sqrt(d)));
      NDArray o = scores.softmax(-1).matMul(v) // [n, H, Lw, Lw] x [n, H, Lw, d]
          .transpose(0, 2, 1, 3).reshape(n, lw, width);
      o = NdOps.linear(o, w.apply(b + "to_out.weight"), w.apply(b + "to_out.bias"));
      NDArray textOut = o.get(new NDIndex(":, :{}", tt)).reshape(n * (long) tt, width);
      // video parts [n, (F+1) S, D]; frame F i (i >= 1) is the mean of windows i-1 and i
      NDArray parts = o.get(new NDIndex(":, {}:", tt));
      NDArray head = parts.get(new NDIndex(":, :{}", s));
      NDArray rest = parts.get(new NDIndex(":, {}:{}", s, (long) f * s));
      NDArray tail = parts.get(new NDIndex(":, {}:", (long) f * s));
      NDArray fixedHead = n == 1 ? head : NDArrays.concat(new NDList(
          head.get(new NDIndex(":1")),
          NdOps.mul(head.get(new NDIndex("1:")).add(tail.get(new NDIndex(":-1"))), 0.5)), 0);
      NDArray main = NDArrays.concat(new NDList(fixedHead, rest), 1)
          .reshape((long) n * f * s, width);
      NDArray videoOut = NDArrays.concat(new NDList(main, tail.get(new NDIndex("-1"))), 0);
      return NDArrays.concat(new NDList(textOut, videoOut), 0);
    });
  }

  /** [Nf, C, h, w] -> [Nf S, C p p] -> [Nf S, D] with patch channel index c p p + py p + px. */
  private NDArray patchify(NDArray latents) {
    int p = config.patchSize();
    int c = config.latentChannels();
    long nf = latents.getShape().get(0);
    NDArray patches = latents
        .reshape(nf, c, config.gridHeight(), p, config.gridWidth(), p)
        .transpose(0, 2, 4, 1, 3, 5) // [Nf, gh, gw, C, p, p]
        .reshape(nf * config.tokensPerFrame(), (long) c * p * p);
    NDArray weight = w.apply("patch_embed.weight").reshape(config.width(), (long) c * p * p);
    return NdOps.linear(patches, weight, w.apply("patch_embed.bias"));
  }

  /** [Nf S, C p p] -> [Nf, C, h, w]. */
  private NDArray unpatchify(NDArray o, int nf) {
    int p = config.patchSize();
    int c = config.latentChannels();
    return o.reshape(nf, config.gridHeight(), config.gridWidth(), c, p, p)
        .transpose(0, 3, 1, 4, 2, 5) // [Nf, C, gh, p, gw, p]
        .reshape(nf, c, config.latentHeight(), config.latentWidth());
  }

  /** temb = linear_2(silu(linear_1([cos(t f_k) ; sin(t f_k)]))), f_k = 10000^(-k / (D/2)). */
  private NDArray timeEmbedding(NDManager m, int timestep) {
    float[] te = timeSinusoid(config.width(), timestep);
    NDArray x = NdOps.create(m, te, new Shape(1, te.length))
        .toType(w.apply("time_embed.linear_1.weight").getDataType(), false);
    NDArray h = NdOps.silu(NdOps.linear(x, w.apply("time_embed.linear_1.weight"),
        w.apply("time_embed.linear_1.bias")));
    return NdOps.linear(h, w.apply("time_embed.linear_2.weight"),
        w.apply("time_embed.linear_2.bias"));
  }

  /**
   * The sinusoidal timestep features, cos half first.
   *
   * @param width D (even)
   * @param timestep t
   * @return [D]
   */
  public static float[] timeSinusoid(int width, int timestep) {
    int half = width / 2;
    float[] te = new float[width];
    for (int k = 0; k < half; k++) {
      double f = Math.exp(-Math.log(10000) * k / half);
      te[k] = (float) Math.cos(timestep * f);
      te[half + k] = (float) Math.sin(timestep * f);
    }
    return te;
  }
}
