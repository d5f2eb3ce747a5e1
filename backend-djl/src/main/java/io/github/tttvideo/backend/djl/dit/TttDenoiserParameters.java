package io.github.tttvideo.backend.djl.dit;

import io.github.tttvideo.backend.djl.ttt.NdTttWeights;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and shapes of every tensor of a model directory's checkpoint, derived from its {@link
 * ModelConfig}, and parameter counts computed from the shapes alone (no allocation, so the 5B
 * preset can be counted on any machine).
 *
 * <p>Names (D width, E time-embedding width, H heads, d head dim, C latent channels, p patch, T
 * text width, M = mlpRatio D, per layer {@code i}):
 *
 * <pre>
 * patch_embed.weight [D, C, p, p], patch_embed.bias [D]            (Conv2d kernel = stride = p)
 * text_proj.weight [D, T], text_proj.bias [D]
 * time_embed.linear_1.weight [E, D], .bias [E]; time_embed.linear_2.weight [E, E], .bias [E]
 * blocks.i.norm1.linear.weight [6D, E], .bias [6D]; blocks.i.norm1.norm.weight/.bias [D]
 * blocks.i.attn.to_q/to_k/to_v/to_out.weight [D, D], .bias [D]
 * blocks.i.attn.norm_q.weight/.bias [d], blocks.i.attn.norm_k.weight/.bias [d]
 * -- the layer's global sequence mixer ({@code sequence_mixer}, issue #7): --
 * ttt-mlp, ttt-linear:
 * blocks.i.ttt.*                       (see {@link NdTttWeights#specs})
 * blocks.i.ttt_gate.forward_text/forward_video/backward_text/backward_video [D]
 * sliding, full:
 * blocks.i.ssm_attn.to_q/to_k/to_v/to_out.weight [D, D], .bias [D]
 * blocks.i.ssm_attn.norm_q.weight/.bias [d], blocks.i.ssm_attn.norm_k.weight/.bias [d]
 * blocks.i.ssm_gate.text [D], blocks.i.ssm_gate.video [D]
 * local: nothing
 * -- then --
 * blocks.i.norm2.linear.weight [6D, E], .bias [6D]; blocks.i.norm2.norm.weight/.bias [D]
 * blocks.i.ff.fc1.weight [M, D], .bias [M]; blocks.i.ff.fc2.weight [D, M], .bias [D]
 * norm_final.weight/.bias [D]
 * norm_out.linear.weight [2D, E], .bias [2D]; norm_out.norm.weight/.bias [D]
 * proj_out.weight [C p p, D], .bias [C p p]
 * </pre>
 *
 * <p>Text encoder (when {@code text_vocab_size > 0}): {@code text_encoder.embedding.weight [V,
 * T]}. VAE: see {@link #vae}.
 *
 * @since 0.1.0
 */
public final class TttDenoiserParameters {

  private TttDenoiserParameters() {}

  /**
   * Every tensor of the denoiser.
   *
   * @param c config
   * @return name to shape, in checkpoint order
   */
  public static Map<String, long[]> denoiser(ModelConfig c) {
    Map<String, long[]> out = new LinkedHashMap<>();
    long dm = c.width();
    long e = c.timeEmbedDim();
    long patch = (long) c.latentChannels() * c.patchSize() * c.patchSize();
    out.put("patch_embed.weight",
        new long[] {dm, c.latentChannels(), c.patchSize(), c.patchSize()});
    out.put("patch_embed.bias", new long[] {dm});
    linear(out, "text_proj", dm, c.textDim());
    linear(out, "time_embed.linear_1", e, dm);
    linear(out, "time_embed.linear_2", e, e);
    for (int i = 0; i < c.layers(); i++) {
      String b = "blocks." + i + ".";
      adaNorm(out, b + "norm1", 6 * dm, e, dm);
      for (String p : new String[] {"to_q", "to_k", "to_v", "to_out"}) {
        linear(out, b + "attn." + p, dm, dm);
      }
      vector(out, b + "attn.norm_q", c.headDim());
      vector(out, b + "attn.norm_k", c.headDim());
      mixer(c, b, out);
      adaNorm(out, b + "norm2", 6 * dm, e, dm);
      linear(out, b + "ff.fc1", c.mlpHidden(), dm);
      linear(out, b + "ff.fc2", dm, c.mlpHidden());
    }
    vector(out, "norm_final", dm);
    adaNorm(out, "norm_out", 2 * dm, e, dm);
    linear(out, "proj_out", patch, dm);
    return out;
  }

  /**
   * The global sequence mixer's tensors of one layer (issue #7), by {@code sequence_mixer}:
   * {@code ttt-mlp} / {@code ttt-linear}: {@code ttt.*} and the four {@code ttt_gate.*}; {@code
   * sliding} / {@code full}: {@code ssm_attn.*} and {@code ssm_gate.text/video}; {@code local}:
   * none.
   *
   * @param c config
   * @param prefix the layer's prefix, for example {@code blocks.0.}
   * @param out receives name to shape
   */
  public static void mixer(ModelConfig c, String prefix, Map<String, long[]> out) {
    long dm = c.width();
    SequenceMixer mixer = c.sequenceMixer();
    if (mixer.isTtt()) {
      NdTttWeights.specs(prefix + "ttt.", variant(c), c.heads(), c.headDim(), out);
      for (String g : gateNames()) {
        out.put(prefix + "ttt_gate." + g, new long[] {dm});
      }
    } else if (mixer.isAttention()) {
      for (String p : new String[] {"to_q", "to_k", "to_v", "to_out"}) {
        linear(out, prefix + "ssm_attn." + p, dm, dm);
      }
      vector(out, prefix + "ssm_attn.norm_q", c.headDim());
      vector(out, prefix + "ssm_attn.norm_k", c.headDim());
      out.put(prefix + "ssm_gate.text", new long[] {dm});
      out.put(prefix + "ssm_gate.video", new long[] {dm});
    }
  }

  /**
   * Whether a tensor belongs to a layer's global sequence mixer (any kind): {@code blocks.i.ttt.},
   * {@code blocks.i.ttt_gate.}, {@code blocks.i.ssm_attn.} or {@code blocks.i.ssm_gate.}.
   *
   * @param name a tensor name
   * @return true for a mixer tensor
   */
  public static boolean isMixerTensor(String name) {
    return name.startsWith("blocks.") && (name.contains(".ttt.") || name.contains(".ttt_gate.")
        || name.contains(".ssm_attn.") || name.contains(".ssm_gate."));
  }

  /**
   * The gate names of a layer, in the order forward text, forward video, backward text, backward
   * video.
   *
   * @return the names
   */
  public static List<String> gateNames() {
    return List.of("forward_text", "forward_video", "backward_text", "backward_video");
  }

  /**
   * Tensors of the built-in text encoder (none when {@code text_vocab_size} is 0).
   *
   * @param c config
   * @return name to shape
   */
  public static Map<String, long[]> textEncoder(ModelConfig c) {
    Map<String, long[]> out = new LinkedHashMap<>();
    if (c.textVocabSize() > 0) {
      out.put("text_encoder.embedding.weight", new long[] {c.textVocabSize(), c.textDim()});
    }
    return out;
  }

  /**
   * Tensors of the causal VAE. Channels {@code ch[0..n-1]} from {@code vae_channels} (pixel level
   * first, n = log2(vae_spatial) + 1); every conv is a causal 3D conv with kernel 3 (weight [out,
   * in, 3, 3, 3]) and a bias. Decoder: {@code vae.decoder.conv_in} (C -> ch[n-1]), then for
   * stage j = 0..n-2 (level l = n-1-j): {@code up.j.res.conv1}, {@code up.j.res.conv2} (ch[l] ->
   * ch[l]) and, after 2x nearest upsampling (also in time for the first log2(vae_temporal) stages),
   * {@code up.j.conv} (ch[l] -> ch[l-1]); {@code res_out.conv1/conv2} (ch[0]) and {@code conv_out}
   * (ch[0] -> 3, or one logit per colour of {@code vae_palette}). Encoder: {@code
   * vae.encoder.conv_in} (3 -> ch[0]), for stage j = 0..n-2 {@code down.j.res.conv1/conv2} (ch[j]) and {@code down.j.conv} (ch[j] -> ch[j+1], stride 2 in space;
   * the last log2(vae_temporal) stages also halve time), {@code res_out.conv1/conv2} (ch[n-1]) and
   * {@code conv_out} (ch[n-1] -> 2C: mean and log-variance).
   *
   * @param c config
   * @return name to shape
   */
  public static Map<String, long[]> vae(ModelConfig c) {
    Map<String, long[]> out = new LinkedHashMap<>();
    List<Integer> ch = c.vaeChannels();
    int n = ch.size();
    int lat = c.latentChannels();
    conv(out, "vae.decoder.conv_in", ch.get(n - 1), lat);
    for (int j = 0; j < n - 1; j++) {
      int l = n - 1 - j;
      conv(out, "vae.decoder.up." + j + ".res.conv1", ch.get(l), ch.get(l));
      conv(out, "vae.decoder.up." + j + ".res.conv2", ch.get(l), ch.get(l));
      conv(out, "vae.decoder.up." + j + ".conv", ch.get(l - 1), ch.get(l));
    }
    conv(out, "vae.decoder.res_out.conv1", ch.get(0), ch.get(0));
    conv(out, "vae.decoder.res_out.conv2", ch.get(0), ch.get(0));
    conv(out, "vae.decoder.conv_out", c.vaeOutputChannels(), ch.get(0));
    conv(out, "vae.encoder.conv_in", ch.get(0), 3);
    for (int j = 0; j < n - 1; j++) {
      conv(out, "vae.encoder.down." + j + ".res.conv1", ch.get(j), ch.get(j));
      conv(out, "vae.encoder.down." + j + ".res.conv2", ch.get(j), ch.get(j));
      conv(out, "vae.encoder.down." + j + ".conv", ch.get(j + 1), ch.get(j));
    }
    conv(out, "vae.encoder.res_out.conv1", ch.get(n - 1), ch.get(n - 1));
    conv(out, "vae.encoder.res_out.conv2", ch.get(n - 1), ch.get(n - 1));
    conv(out, "vae.encoder.conv_out", 2 * lat, ch.get(n - 1));
    return out;
  }

  /**
   * Every tensor of a model directory: denoiser, text encoder, VAE.
   *
   * @param c config
   * @return name to shape
   */
  public static Map<String, long[]> all(ModelConfig c) {
    Map<String, long[]> out = new LinkedHashMap<>(denoiser(c));
    out.putAll(textEncoder(c));
    out.putAll(vae(c));
    return out;
  }

  /**
   * Parameters of the denoiser (the DiT with its TTT layers and gates; no text encoder, no VAE).
   *
   * @param c config
   * @return the count
   */
  public static long count(ModelConfig c) {
    return count(denoiser(c));
  }

  /**
   * Parameters of the TTT part of one layer: the TTT layer (Q/K/V/O, inner weights, norms, lr
   * gate, post norm) plus the four gate vectors.
   *
   * @param c config
   * @return the count
   */
  public static long tttLayerCount(ModelConfig c) {
    Map<String, long[]> one = new LinkedHashMap<>();
    NdTttWeights.specs("", variant(c), c.heads(), c.headDim(), one);
    return count(one) + 4L * c.width();
  }

  /**
   * Sum of the element counts of some shapes.
   *
   * @param specs name to shape
   * @return the total
   */
  public static long count(Map<String, long[]> specs) {
    long n = 0;
    for (long[] s : specs.values()) {
      long e = 1;
      for (long x : s) {
        e = Math.multiplyExact(e, x);
      }
      n = Math.addExact(n, e);
    }
    return n;
  }

  /**
   * The TTT variant of the layer code.
   *
   * @param c config
   * @return the variant
   */
  public static TttVariant variant(ModelConfig c) {
    return c.tttVariant() == io.github.tttvideo.core.ttt.TttVariant.MLP
        ? TttVariant.MLP : TttVariant.LINEAR;
  }

  private static void linear(Map<String, long[]> out, String name, long outDim, long inDim) {
    out.put(name + ".weight", new long[] {outDim, inDim});
    out.put(name + ".bias", new long[] {outDim});
  }

  private static void vector(Map<String, long[]> out, String name, long n) {
    out.put(name + ".weight", new long[] {n});
    out.put(name + ".bias", new long[] {n});
  }

  private static void adaNorm(Map<String, long[]> out, String name, long chunks, long e,
      long dm) {
    linear(out, name + ".linear", chunks, e);
    vector(out, name + ".norm", dm);
  }

  private static void conv(Map<String, long[]> out, String name, long outCh, long inCh) {
    out.put(name + ".weight", new long[] {outCh, inCh, 3, 3, 3});
    out.put(name + ".bias", new long[] {outCh});
  }
}
