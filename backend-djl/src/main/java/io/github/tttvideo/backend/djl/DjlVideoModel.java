package io.github.tttvideo.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.djl.dit.NdDenoiser;
import io.github.tttvideo.backend.djl.dit.NdWindows;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.text.DjlTextEncoder;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.backend.djl.vae.NdCausalVae;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.render.DenoiseInputCheck;
import io.github.tttvideo.core.render.PlanarFrames;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.TextEncoder;
import io.github.tttvideo.spi.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model loaded on DJL/PyTorch: the word-level text encoder, the TTT-Video denoiser and the
 * causal VAE decoder. The weights live in one base manager closed by {@link #close()}; each
 * {@link #predictVelocity} call works in a sub-manager and an {@link NDScope} that are closed
 * before it returns, so native memory returns to the loaded model's size after every call.
 *
 * @since 0.1.0
 */
public final class DjlVideoModel implements io.github.tttvideo.spi.VideoModel {

  private final ModelConfig config;
  private final NDManager manager;
  private final DataType dtype;
  private final Map<String, NDArray> weights = new HashMap<>();
  private final NdDenoiser denoiser;
  private final NdCausalVae vae;
  private final TextEncoder textEncoder;
  private volatile boolean closed;

  DjlVideoModel(ModelConfig config, Path directory, Device device, DataType dtype,
      TttKernel scanKernel) {
    this.config = config;
    this.dtype = dtype;
    Map<String, float[]> values = DjlModels.readWeights(config, directory);
    this.manager = NDManager.newBaseManager(device);
    try {
      Map<String, long[]> shapes = TttDenoiserParameters.all(config);
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        long[] shape = shapes.get(e.getKey());
        NDArray a = manager.create(e.getValue(), new Shape(shape));
        if (dtype != DataType.FLOAT32 && halfPrecision(e.getKey())) {
          a = a.toType(dtype, false);
        }
        a.setName(e.getKey());
        weights.put(e.getKey(), a);
      }
      this.denoiser = new NdDenoiser(config, this::weight, scanKernel);
      this.vae = new NdCausalVae(config, this::weight);
      this.textEncoder = config.textVocabSize() > 0 ? loadText(config, directory, values) : null;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Which tensors run in half precision when one is asked for: the DiT's, except the TTT layers
   * and their gates (the TTT state is kept in float32, as the official kernels do), the text
   * encoder (plain Java) and the VAE (decoded in float32); the attention mixers ({@code ssm_*})
   * run in float32 too.
   */
  private static boolean halfPrecision(String name) {
    return !name.startsWith("text_encoder.") && !name.startsWith("vae.")
        && !name.contains(".ttt.") && !name.contains(".ttt_gate.") && !name.contains(".ssm_");
  }

  private static TextEncoder loadText(ModelConfig c, Path dir, Map<String, float[]> values) {
    Path vocab = dir.resolve(WordTokenizer.FILE_NAME);
    if (!Files.isRegularFile(vocab)) {
      throw new ModelLoadException("model " + dir + " has text_vocab_size " + c.textVocabSize()
          + " but no " + WordTokenizer.FILE_NAME);
    }
    return new DjlTextEncoder(WordTokenizer.read(vocab),
        values.get("text_encoder.embedding.weight"), c.textVocabSize(), c.textDim());
  }

  private NDArray weight(String name) {
    NDArray a = weights.get(name);
    if (a == null) {
      throw new IllegalStateException("no tensor " + name);
    }
    return a;
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
   * The manager that owns the weights (for memory diagnostics).
   *
   * @return the base manager
   */
  public NDManager manager() {
    return manager;
  }

  @Override
  public TextEncoder textEncoder() {
    if (textEncoder == null) {
      throw new ModelLoadException("model " + config.name() + " has no built-in text encoder"
          + " (text_vocab_size 0): its text embeddings come from an external encoder");
    }
    return textEncoder;
  }

  @Override
  public float[] predictVelocity(DenoiseInput input) {
    return predictVelocity(input, NdSequenceBlock.Timer.NONE);
  }

  /**
   * {@link #predictVelocity(DenoiseInput)} with the TTT calls timed (for the benchmark).
   *
   * @param input the input
   * @param timer receives each TTT call's time
   * @return v, shaped like the latents
   */
  public float[] predictVelocity(DenoiseInput input, NdSequenceBlock.Timer timer) {
    checkOpen();
    SequenceLayout layout = SequenceLayout.of(input.segments(), config);
    DenoiseInputCheck.check(input, config, layout);
    try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray latents = call.create(input.latents(), new Shape(input.latentFrames(),
          config.latentChannels(), config.latentHeight(), config.latentWidth()))
          .toType(dtype, false);
      NDArray text = call.create(input.text(), new Shape(input.segments(),
          input.textTokensPerSegment(), config.textDim())).toType(dtype, false);
      NdTttSequence ttt = new NdTttSequence(layout.toTttSequence(), config.headDim(),
          config.ropeTheta(), call);
      NdWindows windows = new NdWindows(layout, config.ropeTheta(), call, dtype);
      NDArray v = denoiser.forward(latents, text, input.timestep(), ttt, windows, timer);
      return v.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  @Override
  public LatentDecoder openDecoder() {
    checkOpen();
    NdCausalVae.Decoder d = vae.newDecoder(manager);
    return new LatentDecoder() {
      @Override
      public List<VideoFrame> decodeNext(float[] latents, int latentFrames) {
        checkOpen();
        float[] px = decodePixels(d, latents, latentFrames);
        int h = config.pixelHeight();
        int w = config.pixelWidth();
        int frames = px.length / (3 * h * w);
        List<VideoFrame> out = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
          out.add(PlanarFrames.toFrame(px, f, w, h));
        }
        return out;
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  /**
   * Decodes latents to pixel values in [-1, 1] (unclamped), [frames, 3, H, W] flattened.
   *
   * @param decoder streaming decoder
   * @param latents [f, C, h, w] flattened
   * @param latentFrames f
   * @return pixels
   */
  float[] decodePixels(NdCausalVae.Decoder decoder, float[] latents, int latentFrames) {
    if (latentFrames < 1 || latents.length != (long) latentFrames * config.latentChannels()
        * config.latentHeight() * config.latentWidth()) {
      throw new InvalidInputException("latents must hold " + latentFrames + " frames of "
          + config.latentChannels() + "x" + config.latentHeight() + "x" + config.latentWidth());
    }
    try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray z = call.create(latents, new Shape(latentFrames, config.latentChannels(),
          config.latentHeight(), config.latentWidth()));
      return decoder.decodeNext(z).toFloatArray();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + config.name() + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    manager.close();
  }
}
