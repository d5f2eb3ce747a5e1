package io.github.tttvideo.backend.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.onnx.export.OnnxExporter;
import io.github.tttvideo.backend.onnx.export.StoryInputs;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.render.DenoiseInputCheck;
import io.github.tttvideo.core.render.PlanarFrames;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.weights.WeightStore;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.TextEncoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model loaded on ONNX Runtime: the Java text encoder, the denoiser graph and the two graphs of
 * the streaming VAE decoder, each an ONNX Runtime session held by a DJL {@link Model} of the
 * OnnxRuntime engine. Each call creates its input tensors in a sub-manager that is closed before
 * it returns; the sessions are closed by {@link #close()}. Calls are serialised (one session run
 * at a time per model); ONNX Runtime parallelises inside each operation.
 *
 * @since 0.1.0
 */
public final class OnnxVideoModel implements VideoModel {

  private final ModelConfig config;
  private final Model denoiser;
  private final Model vaeFirst;
  private final Model vaeNext;
  private final TextEncoder textEncoder;
  private final Map<Integer, StoryInputs> stories = new HashMap<>();
  private volatile boolean closed;

  OnnxVideoModel(ModelConfig config, Path modelDirectory, Path graphs, Device device,
      int threads) {
    this.config = config;
    Map<String, String> options = new HashMap<>();
    if (threads > 0) {
      options.put("intraOpNumThreads", Integer.toString(threads));
      options.put("interOpNumThreads", "1");
    }
    List<Model> opened = new ArrayList<>();
    try {
      this.denoiser = open(graphs, OnnxExporter.DENOISER, device, options, opened);
      this.vaeFirst = open(graphs, OnnxExporter.VAE_FIRST, device, options, opened);
      this.vaeNext = open(graphs, OnnxExporter.VAE_NEXT, device, options, opened);
      this.textEncoder = config.textVocabSize() > 0 ? loadText(config, modelDirectory) : null;
    } catch (RuntimeException e) {
      opened.forEach(Model::close);
      throw e;
    }
  }

  private static Model open(Path dir, String file, Device device, Map<String, String> options,
      List<Model> opened) {
    Model m = Model.newInstance(file, device, "OnnxRuntime");
    opened.add(m);
    try {
      m.load(dir, file.substring(0, file.length() - ".onnx".length()), options);
      return m;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + dir.resolve(file) + ": "
          + e.getMessage(), e);
    }
  }

  private static TextEncoder loadText(ModelConfig c, Path dir) {
    Path vocab = dir.resolve(WordTextEncoder.VOCAB_FILE);
    if (!Files.isRegularFile(vocab)) {
      throw new ModelLoadException("model " + dir + " has text_vocab_size " + c.textVocabSize()
          + " but no " + WordTextEncoder.VOCAB_FILE);
    }
    String name = "text_encoder.embedding.weight";
    try (WeightStore store = WeightStore.open(dir)) {
      if (store.find(name).isEmpty()) {
        throw new ModelLoadException("model " + dir + " has text_vocab_size "
            + c.textVocabSize() + " but no tensor " + name);
      }
      return new WordTextEncoder(WordTextEncoder.readVocabulary(vocab),
          store.tensor(name).toFloatArray(), c.textVocabSize(), c.textDim());
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the weights of " + dir + ": " + e, e);
    }
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
   * Native tensors currently held by the model's managers and their sub-managers (for memory
   * tests: it returns to its value after load once every call and decoder is done).
   *
   * @return the count
   */
  int openArrays() {
    int n = 0;
    for (Model m : new Model[] {denoiser, vaeFirst, vaeNext}) {
      if (m.getNDManager() instanceof ai.djl.ndarray.BaseNDManager b) {
        n += b.getManagedArrays().size();
      }
    }
    return n;
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
  public synchronized float[] predictVelocity(DenoiseInput input) {
    checkOpen();
    StoryInputs s = stories.computeIfAbsent(input.segments(),
        n -> StoryInputs.of(SequenceLayout.of(n, config)));
    SequenceLayout layout = s.layout();
    DenoiseInputCheck.check(input, config, layout);
    int d = config.headDim();
    int len = layout.totalTokens();
    try (NDManager m = denoiser.getNDManager().newSubManager()) {
      NDList in = new NDList(
          named(m.create(input.latents(), new Shape(input.latentFrames(),
              config.latentChannels(), config.latentHeight(), config.latentWidth())), "latents"),
          named(m.create(input.text(), new Shape(input.segments(),
              input.textTokensPerSegment(), config.textDim())), "text"),
          named(m.create(StoryInputs.timeFeatures(config.width(), input.timestep()),
              new Shape(1, config.width())), "time_features"),
          named(m.create(s.winGather()), "win_gather"),
          named(m.create(s.winCos(), new Shape(s.winCos().length / d, d)), "win_cos"),
          named(m.create(s.winSin(), new Shape(s.winSin().length / d, d)), "win_sin"),
          named(m.create(s.mergeA()), "win_merge_a"),
          named(m.create(s.mergeB()), "win_merge_b"),
          named(m.create(s.fwdGather()), "ttt_fwd_gather"),
          named(m.create(s.fwdScatter()), "ttt_fwd_scatter"),
          named(m.create(s.revGather()), "ttt_rev_gather"),
          named(m.create(s.revScatter()), "ttt_rev_scatter"),
          named(m.create(s.tttCos(), new Shape(len, 1, d)), "ttt_cos"),
          named(m.create(s.tttSin(), new Shape(len, 1, d)), "ttt_sin"));
      NDList out = run(denoiser, m, in);
      return out.get(0).toFloatArray();
    }
  }

  /** NaN or infinite inputs would come back as a velocity of NaNs: refuse them up front. */
  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  private static NDList run(Model model, NDManager m, NDList in) {
    Block block = model.getBlock();
    NDList out = block.forward(new ParameterStore(m, false), in, false);
    out.attach(m);
    return out;
  }

  @Override
  public LatentDecoder openDecoder() {
    checkOpen();
    return new Decoder();
  }

  /** Streaming decoder: the two past frames of every convolution live in its own manager. */
  private final class Decoder implements LatentDecoder {
    private final NDManager state = vaeFirst.getNDManager().newSubManager();
    private NDList caches;

    @Override
    public List<VideoFrame> decodeNext(float[] latents, int latentFrames) {
      float[] px = decodePixels(latents, latentFrames);
      int h = config.pixelHeight();
      int w = config.pixelWidth();
      int frames = px.length / (3 * h * w);
      List<VideoFrame> out = new ArrayList<>(frames);
      for (int f = 0; f < frames; f++) {
        out.add(PlanarFrames.toFrame(px, f, w, h));
      }
      return out;
    }

    /** Pixels in about [-1, 1], [frames, 3, H, W] flattened. */
    float[] decodePixels(float[] latents, int latentFrames) {
      checkOpen();
      if (latentFrames < 1 || latents == null || latents.length != (long) latentFrames
          * config.latentChannels() * config.latentHeight() * config.latentWidth()) {
        throw new InvalidInputException("latents must hold " + latentFrames + " frames of "
            + config.latentChannels() + "x" + config.latentHeight() + "x"
            + config.latentWidth());
      }
      synchronized (OnnxVideoModel.this) {
        boolean first = caches == null;
        Model model = first ? vaeFirst : vaeNext;
        try (NDManager m = model.getNDManager().newSubManager()) {
          NDList in = new NDList(named(m.create(latents, new Shape(latentFrames,
              config.latentChannels(), config.latentHeight(), config.latentWidth())), "latents"));
          if (!first) {
            for (int i = 0; i < caches.size(); i++) {
              NDArray past = m.create(caches.get(i).toFloatArray(), caches.get(i).getShape());
              in.add(named(past, "past." + i));
            }
          }
          NDList out = run(model, m, in);
          float[] px = out.get(0).toFloatArray();
          NDList next = new NDList();
          for (int i = 1; i < out.size(); i++) {
            NDArray c = state.create(out.get(i).toFloatArray(), out.get(i).getShape());
            next.add(c);
          }
          if (caches != null) {
            caches.close();
          }
          caches = next;
          return px;
        }
      }
    }

    @Override
    public void close() {
      state.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + config.name() + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      vaeNext.close();
      vaeFirst.close();
      denoiser.close();
    }
  }
}
