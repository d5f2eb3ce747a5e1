package io.github.tttvideo.backend.djl;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.TensorSpecs;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Model directories of the DJL backend: writing a randomly initialised one and reading the
 * tensors of one with every key and shape checked.
 *
 * <p>A model directory holds {@code config.json} ({@link ModelConfigReader}), {@code
 * model.safetensors} (or shards with {@code model.safetensors.index.json}) with exactly the
 * tensors of {@link TttDenoiserParameters#all}, and, when {@code text_vocab_size > 0}, {@code
 * vocab.json} ({@link WordTokenizer}).
 *
 * <pre>{@code
 * Path dir = DjlModels.initialize(ModelConfig.preset("toon"), 42, Path.of("models/toon-init"));
 * try (VideoModel model = new DjlBackendProvider().load(dir, BackendOptions.defaults())) { ... }
 * }</pre>
 *
 * <p>Initialisation ({@link #initialize}), seeded, the "constructor" scheme of reference 2.1 (what
 * the official training starts from), extended to the whole network: every Linear and convolution
 * weight and its bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's default); TTT {@code W1},
 * {@code W2} and {@code learnable_ttt_lr_weight} N(0, 0.02), {@code b1}, {@code b2} and the lr
 * bias 0; every LayerNorm scale (including {@code ttt_norm_weight}) 1 and shift 0; the four TTT
 * gates and the attention mixers' two gates ({@code ssm_gate.*}) {@code gate_init} (0.1); the
 * attention mixers' q/k/v/o like every Linear, their q/k norms like every LayerNorm; the word
 * embeddings N(0, 1).
 *
 * @since 0.1.0
 */
public final class DjlModels {

  /** Words of the toon world's sentences (docs: toon-world.md), the default vocabulary. */
  public static final List<String> TOON_WORDS = List.of(
      "in", "the", "kitchen", "living", "room", "on", "beach", "garden", "bedroom", "tom", "blue",
      "gray", "orange", "black", "cat", "and", "jerry", "brown", "mouse", "are", "here", "chases",
      "to", "left", "right", "runs", "away", "from", "jumps", "sleeps", "hides", "a", "hole",
      "stand", "still", "gets", "covered", "flour", "puts", "chef's", "hat", "sunglasses", "takes",
      "bath", "'s", "is", "with", "while", "waits", "across", "sofa", "white", "eyes", "closed");

  private DjlModels() {}

  /**
   * Writes a randomly initialised model directory.
   *
   * @param config the model config (its text_vocab_size must fit the toon vocabulary when > 0)
   * @param seed random seed
   * @param directory target directory (created if missing)
   * @return the directory
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Path initialize(ModelConfig config, long seed, Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(ModelConfigReader.FILE_NAME),
          ModelConfigReader.toJson(config));
      if (config.textVocabSize() > 0) {
        WordTokenizer tok = WordTokenizer.of(TOON_WORDS);
        if (tok.size() > config.textVocabSize()) {
          throw new ModelLoadException("text_vocab_size " + config.textVocabSize()
              + " is smaller than the toon vocabulary (" + tok.size() + " words)");
        }
        tok.write(directory.resolve(WordTokenizer.FILE_NAME));
      }
      Map<String, long[]> specs = TttDenoiserParameters.all(config);
      SafetensorsWriter out = SafetensorsWriter.to(directory.resolve(WeightStore.SINGLE_FILE));
      out.metadata("format", "pt");
      for (Map.Entry<String, float[]> e : randomWeights(config, seed).entrySet()) {
        out.add(e.getKey(), specs.get(e.getKey()), e.getValue());
      }
      out.write();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model directory " + directory, e);
    }
  }

  /**
   * Randomly initialised tensors of a model (the scheme in the class comment), in checkpoint
   * order.
   *
   * @param config the model config
   * @param seed random seed
   * @return tensor name to values
   */
  public static Map<String, float[]> randomWeights(ModelConfig config, long seed) {
    Random rnd = new Random(seed);
    Map<String, long[]> specs = TttDenoiserParameters.all(config);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : specs.entrySet()) {
      out.put(e.getKey(), init(e.getKey(), e.getValue(), specs, config, rnd));
    }
    return out;
  }

  /**
   * Reads every tensor of a model directory as float32, after checking every key and shape.
   *
   * @param config the directory's config
   * @param directory the model directory
   * @return tensor name to values
   * @throws io.github.tttvideo.core.weights.WeightMismatchException naming the first missing,
   *     misshapen or unexpected tensor
   * @throws ModelLoadException if the weights cannot be read
   */
  public static Map<String, float[]> readWeights(ModelConfig config, Path directory) {
    TensorSpecs specs = TensorSpecs.builder().addAll(TttDenoiserParameters.all(config)).build();
    try (WeightStore store = WeightStore.open(directory)) {
      return specs.load(store);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the weights of " + directory + ": " + e, e);
    } catch (Exception e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new ModelLoadException("cannot read the weights of " + directory + ": " + e, e);
    }
  }

  private static float[] init(String name, long[] shape, Map<String, long[]> specs,
      ModelConfig c, Random rnd) {
    int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    float[] a = new float[n];
    String leaf = name.substring(name.lastIndexOf('.') + 1);
    if (name.contains(".ttt_gate.") || name.contains(".ssm_gate.")) {
      Arrays.fill(a, (float) c.gateInit());
    } else if (name.startsWith("text_encoder.")) {
      gaussian(a, 1.0, rnd);
    } else if (leaf.equals("W1") || leaf.equals("W2") || leaf.equals("learnable_ttt_lr_weight")) {
      gaussian(a, 0.02, rnd);
    } else if (leaf.equals("b1") || leaf.equals("b2") || leaf.equals("learnable_ttt_lr_bias")
        || leaf.equals("ttt_norm_bias")) {
      return a;
    } else if (leaf.equals("ttt_norm_weight")) {
      Arrays.fill(a, 1f);
    } else if (leaf.equals("weight") && shape.length == 1) {
      Arrays.fill(a, 1f); // LayerNorm scale
    } else if (leaf.equals("bias")) {
      long[] weight = specs.get(name.substring(0, name.length() - 4) + "weight");
      if (weight != null && weight.length >= 2) {
        uniform(a, 1 / Math.sqrt(fanIn(weight)), rnd);
      } // else LayerNorm shift: 0
    } else {
      uniform(a, 1 / Math.sqrt(fanIn(shape)), rnd);
    }
    return a;
  }

  private static long fanIn(long[] weightShape) {
    long f = 1;
    for (int i = 1; i < weightShape.length; i++) {
      f *= weightShape[i];
    }
    return f;
  }

  private static void uniform(float[] a, double bound, Random rnd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
  }

  private static void gaussian(float[] a, double std, Random rnd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rnd.nextGaussian() * std);
    }
  }
}
