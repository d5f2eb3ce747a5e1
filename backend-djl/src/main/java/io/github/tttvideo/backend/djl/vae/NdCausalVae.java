package io.github.tttvideo.backend.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.core.model.ModelConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small causal 3D-convolution VAE in the CogVideoX mould (reference 7.4): 8x spatial and 4x
 * temporal compression (from the config), the first latent frame standing for one pixel frame and
 * every later latent frame for four. Every convolution is a 3D conv with kernel 3 that pads time on
 * the past side only (two frames: the previous frames of the video, or the first frame repeated at
 * the very start) and space symmetrically with zeros; there is no normalisation across time. So
 * decoding a video in pieces gives the frames of decoding it whole, and the decoder carries only
 * two frames per convolution from one piece to the next. Tensor names and channel widths: {@link
 * io.github.tttvideo.backend.djl.dit.TttDenoiserParameters#vae}. Residual blocks: {@code x +
 * conv2(silu(conv1(silu(x))))}; upsampling: nearest neighbour, 2x in space and, in the first
 * log2(temporal) stages, 2x in time except for the video's first frame. With a {@linkplain
 * ModelConfig#vaePalette() palette} the last convolution outputs one logit per palette colour and
 * a pixel is the softmax-weighted mean of the colours ({@link #paletteColours}).
 *
 * @since 0.1.0
 */
public final class NdCausalVae {

  private final ModelConfig config;
  private final Function<String, NDArray> w;
  private final int levels;
  private final int temporalStages;

  /**
   * Creates the VAE over loaded tensors.
   *
   * @param config model config
   * @param weights tensor by name
   */
  public NdCausalVae(ModelConfig config, Function<String, NDArray> weights) {
    this.config = config;
    this.w = weights;
    this.levels = config.vaeChannels().size();
    this.temporalStages = Integer.numberOfTrailingZeros(config.vaeTemporal());
  }

  /**
   * Pixel frames of the first piece of f latent frames: 1 + temporal (f - 1).
   *
   * @param latentFrames f
   * @return pixel frames
   */
  public int firstPixelFrames(int latentFrames) {
    return 1 + config.vaeTemporal() * (latentFrames - 1);
  }

  /** Streaming decoder state: two past frames per convolution, and whether frame 0 was seen. */
  public final class Decoder implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> cache = new HashMap<>();
    private boolean started;

    private Decoder(NDManager parent) {
      this.manager = parent.newSubManager();
    }

    /**
     * Decodes the next latent frames.
     *
     * @param latents [f, C, h, w] following the frames decoded so far
     * @return pixels [frames, 3, H, W] in about [-1, 1] (not clamped), owned by the latents'
     *     manager for the first piece and, from the second on (where the convolutions' cached
     *     frames take part), possibly by this decoder's: valid at least until this decoder or the
     *     latents' manager is closed, whichever comes first; copy it to keep it longer
     */
    public NDArray decodeNext(NDArray latents) {
      NDArray out = decodeNextRaw(latents);
      if (config.vaePalette() == null) {
        return out;
      }
      return NdOps.scoped(() -> paletteColours(out));
    }

    /**
     * Decodes the next latent frames up to the last convolution: the palette logits of a
     * palette decoder (what its training loss needs), the pixels of an RGB one.
     *
     * @param latents [f, C, h, w] following the frames decoded so far
     * @return [frames, P, H, W] logits (P palette colours), or [frames, 3, H, W] pixels
     */
    public NDArray decodeNextRaw(NDArray latents) {
      Shape s = latents.getShape();
      if (s.dimension() != 4 || s.get(1) != config.latentChannels()
          || s.get(2) != config.latentHeight() || s.get(3) != config.latentWidth()) {
        throw new InvalidInputException("latents must be [f, " + config.latentChannels() + ", "
            + config.latentHeight() + ", " + config.latentWidth() + "], got " + s);
      }
      boolean first = !started;
      NDArray out = NdOps.scoped(() -> {
        NDArray h = latents.transpose(1, 0, 2, 3).expandDims(0); // [1, C, f, h, w]
        h = conv("vae.decoder.conv_in", h, 1, cache, manager);
        for (int j = 0; j < levels - 1; j++) {
          String p = "vae.decoder.up." + j + ".";
          h = residual(p + "res", h, cache, manager);
          h = h.repeat(3, 2).repeat(4, 2);
          if (j < temporalStages) {
            h = first ? NDArrays.concat(new NDList(h.get(new NDIndex(":, :, :1")),
                h.get(new NDIndex(":, :, 1:")).repeat(2, 2)), 2) : h.repeat(2, 2);
          }
          h = conv(p + "conv", h, 1, cache, manager);
        }
        h = residual("vae.decoder.res_out", h, cache, manager);
        h = conv("vae.decoder.conv_out", NdOps.silu(h), 1, cache, manager);
        return h.squeeze(0).transpose(1, 0, 2, 3); // [frames, 3, H, W]
      });
      started = true;
      return out;
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  /**
   * Pixels from palette logits: the softmax over the colours, weighting the colours.
   *
   * @param logits [frames, P, H, W]
   * @return pixels [frames, 3, H, W] in [-1, 1]
   */
  public NDArray paletteColours(NDArray logits) {
    float[] rgb = config.vaePaletteRgb();
    if (rgb == null) {
      throw new InvalidInputException("model " + config.name() + " has no vae_palette: its"
          + " decoder outputs RGB, not palette logits");
    }
    int p = rgb.length / 3;
    if (logits.getShape().dimension() != 4 || logits.getShape().get(1) != p) {
      throw new InvalidInputException("palette logits must be [frames, " + p + ", H, W], got "
          + logits.getShape());
    }
    NDArray colours = NdOps.create(logits.getManager(), rgb, new Shape(p, 3)); // [P, 3]
    NDArray probs = logits.softmax(1).transpose(0, 2, 3, 1); // [frames, H, W, P]
    return probs.matMul(colours).transpose(0, 3, 1, 2); // [frames, 3, H, W]
  }

  /**
   * Opens a streaming decoder; its state lives in a sub-manager of {@code parent}.
   *
   * @param parent manager
   * @return the decoder; close it
   */
  public Decoder newDecoder(NDManager parent) {
    return new Decoder(parent);
  }

  /**
   * Encodes a whole clip (training): mean and log-variance of the latents.
   *
   * @param pixels [F, 3, H, W] in [-1, 1], F = 1 + temporal k
   * @return [Nf, 2C, h, w], mean channels first
   */
  public NDArray encode(NDArray pixels) {
    long frames = pixels.getShape().get(0);
    if ((frames - 1) % config.vaeTemporal() != 0) {
      throw new InvalidInputException("a clip must have 1 + " + config.vaeTemporal()
          + " k frames, got " + frames);
    }
    return NdOps.scoped(() -> {
      Map<String, NDArray> fresh = new HashMap<>();
      NDArray h = pixels.transpose(1, 0, 2, 3).expandDims(0); // [1, 3, F, H, W]
      h = conv("vae.encoder.conv_in", h, 1, fresh, null);
      for (int j = 0; j < levels - 1; j++) {
        String p = "vae.encoder.down." + j + ".";
        h = residual(p + "res", h, fresh, null);
        h = conv(p + "conv", h, 2, fresh, null);
        if (j >= levels - 1 - temporalStages) {
          // keep frame 0, average the following frames in pairs
          Shape s = h.getShape();
          NDArray rest = h.get(new NDIndex(":, :, 1:"))
              .reshape(s.get(0), s.get(1), (s.get(2) - 1) / 2, 2, s.get(3), s.get(4))
              .mean(new int[] {3});
          h = NDArrays.concat(new NDList(h.get(new NDIndex(":, :, :1")), rest), 2);
        }
      }
      h = residual("vae.encoder.res_out", h, fresh, null);
      h = conv("vae.encoder.conv_out", NdOps.silu(h), 1, fresh, null);
      return h.squeeze(0).transpose(1, 0, 2, 3);
    });
  }

  private NDArray residual(String name, NDArray x, Map<String, NDArray> cache, NDManager keep) {
    NDArray h = conv(name + ".conv1", NdOps.silu(x), 1, cache, keep);
    return x.add(conv(name + ".conv2", NdOps.silu(h), 1, cache, keep));
  }

  /** Causal 3D conv, kernel 3: two past frames from the cache (or frame 0 twice), zero-pad space. */
  private NDArray conv(String name, NDArray x, int stride, Map<String, NDArray> cache,
      NDManager keep) {
    NDArray past = cache.get(name);
    if (past == null) {
      past = x.get(new NDIndex(":, :, :1")).repeat(2, 2);
    }
    NDArray padded = NDArrays.concat(new NDList(past, x), 2);
    long t = padded.getShape().get(2);
    NDArray next = padded.get(new NDIndex(":, :, {}:", t - 2)).duplicate();
    if (keep != null) {
      NDScope.unregister(next); // outlives this call: the decoder's manager owns it
      next.attach(keep);
    }
    NDArray old = cache.put(name, next);
    if (old != null) {
      old.close();
    }
    return padded.getNDArrayInternal().convolution(padded, w.apply(name + ".weight"),
        w.apply(name + ".bias"), new Shape(1, stride, stride), new Shape(0, 1, 1),
        new Shape(1, 1, 1), 1).singletonOrThrow();
  }
}
