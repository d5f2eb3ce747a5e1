package io.github.tttvideo.train.toon;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.dit.NdDenoiser;
import io.github.tttvideo.backend.djl.dit.NdWindows;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.train.NamedParameters;
import io.github.tttvideo.train.TextBatch;
import io.github.tttvideo.train.TrainableModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL TTT-Video denoiser ({@link NdDenoiser}) and the word-embedding text encoder as a {@link
 * TrainableModel}. The parameters are the denoiser's tensors ({@link
 * TttDenoiserParameters#denoiser}) plus {@code text_encoder.embedding.weight}; the TTT scan runs
 * as NDArray operations (the Java kernel is not differentiable). The text encoder is the one of
 * {@link io.github.tttvideo.backend.djl.text.DjlTextEncoder} (embedding row plus a fixed sinusoid
 * per position) written as a one-hot matrix product so that the embeddings are trained.
 *
 * <p>Latents are [B, Nf, C, h, w]; the examples of one story length go through {@link
 * NdDenoiser#forwardBatch} together (each with its own timestep; the TTT scan runs once for all of
 * them) and the v predictions are stacked in the batch's order. {@link #encode} is not supported:
 * the toon training feeds cached latents through a {@link io.github.tttvideo.train.BatchSource}.
 *
 * @since 0.1.0
 */
public final class DjlDenoiserTrainable implements TrainableModel {

  /** Name of the word-embedding table. */
  public static final String EMBEDDING = "text_encoder.embedding.weight";

  private final ModelConfig config;
  private final NamedParameters params = new NamedParameters();
  private final NdDenoiser net;
  private final WordTokenizer tokenizer;
  private final NDArray positions;
  private final Map<Integer, NdTttSequence> ttt = new HashMap<>();
  private final Map<Integer, NdWindows> windows = new HashMap<>();

  /**
   * Creates the model over initial values.
   *
   * @param config the model config
   * @param values every denoiser tensor and the embedding table (other keys are ignored)
   * @param tokenizer the vocabulary
   * @param segmentCounts the story lengths that will be trained (their constants are built now)
   * @param manager owns the parameters and constants
   */
  public DjlDenoiserTrainable(ModelConfig config, Map<String, float[]> values,
      WordTokenizer tokenizer, List<Integer> segmentCounts, NDManager manager) {
    this.config = config;
    this.tokenizer = tokenizer;
    Map<String, long[]> specs = new java.util.LinkedHashMap<>(
        TttDenoiserParameters.denoiser(config));
    specs.put(EMBEDDING, new long[] {config.textVocabSize(), config.textDim()});
    for (Map.Entry<String, long[]> e : specs.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("no initial value for " + e.getKey());
      }
      params.add(e.getKey(), manager.create(v, new Shape(e.getValue())));
    }
    this.net = new NdDenoiser(config, params::get, null);
    int tt = config.textTokensPerSegment();
    int dim = config.textDim();
    float[] pos = new float[tt * dim];
    for (int p = 0; p < tt; p++) {
      for (int i = 0; i < dim; i++) {
        double freq = Math.pow(10000, -(double) (i / 2 * 2) / dim);
        pos[p * dim + i] = (float) (i % 2 == 0 ? Math.sin(p * freq) : Math.cos(p * freq));
      }
    }
    this.positions = manager.create(pos, new Shape(1, tt, dim));
    for (int n : segmentCounts) {
      SequenceLayout layout = SequenceLayout.of(n, config);
      if (layout.textTokensPerSegment() != tt) {
        throw new IllegalArgumentException(n + " segments lay out "
            + layout.textTokensPerSegment() + " text tokens, expected " + tt);
      }
      ttt.put(n, new NdTttSequence(layout.toTttSequence(), config.headDim(), config.ropeTheta(),
          manager));
      windows.put(n, new NdWindows(layout, config.ropeTheta(), manager));
    }
  }

  /** {@return the model config} */
  public ModelConfig config() {
    return config;
  }

  @Override
  public NamedParameters parameters() {
    return params;
  }

  @Override
  public NDArray encode(NDArray video) {
    throw new UnsupportedOperationException("the toon denoiser trains on cached latents");
  }

  /**
   * Text embeddings of one example: [n, Tt, textDim], zero when dropped.
   *
   * @param m manager
   * @param texts per segment prompts
   * @param dropped text dropout
   * @return the embeddings
   */
  NDArray embed(NDManager m, List<String> texts, boolean dropped) {
    int n = texts.size();
    int tt = config.textTokensPerSegment();
    int vocab = config.textVocabSize();
    float[] onehot = new float[n * tt * vocab];
    for (int s = 0; s < n; s++) {
      int[] ids = tokenizer.encode(texts.get(s), tt);
      for (int p = 0; p < tt; p++) {
        onehot[(s * tt + p) * vocab + ids[p]] = 1f;
      }
    }
    NDArray rows = NdOps.create(m, onehot, new Shape(n * tt, vocab)).matMul(params.get(EMBEDDING));
    NDArray out = rows.reshape(n, tt, config.textDim()).add(positions);
    // a dropped example gets zeros, still through the table so that it receives a (zero) gradient
    return dropped ? NdOps.mul(out, 0) : out;
  }

  @Override
  public NDArray forward(NDArray noisy, TextBatch text, NDArray timesteps) {
    NDManager m = noisy.getManager();
    int b = Math.toIntExact(noisy.getShape().get(0));
    float[] ts = timesteps.toFloatArray();
    // examples of one story length go through the network together (one TTT scan for all)
    Map<Integer, List<Integer>> byLength = new java.util.TreeMap<>();
    for (int e = 0; e < b; e++) {
      byLength.computeIfAbsent(text.texts().get(e).size(), k -> new java.util.ArrayList<>())
          .add(e);
    }
    NDArray[] out = new NDArray[b];
    for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
      int n = group.getKey();
      NdTttSequence seq = ttt.get(n);
      if (seq == null) {
        throw new IllegalArgumentException("no constants for " + n + " segments");
      }
      List<Integer> members = group.getValue();
      NDList x = new NDList(members.size());
      NDList emb = new NDList(members.size());
      int[] steps = new int[members.size()];
      for (int j = 0; j < members.size(); j++) {
        int e = members.get(j);
        x.add(noisy.get(new NDIndex("{}", e))); // [Nf, C, h, w]
        emb.add(embed(m, text.texts().get(e), text.isDropped(e))); // [n, Tt, textDim]
        steps[j] = Math.round(ts[e]);
      }
      NDList v = net.forwardBatch(x, emb, steps, seq, windows.get(n),
          NdSequenceBlock.Timer.NONE);
      for (int j = 0; j < members.size(); j++) {
        out[members.get(j)] = v.get(j);
      }
    }
    return NDArrays.stack(new NDList(out), 0); // [B, Nf, C, h, w]
  }
}
