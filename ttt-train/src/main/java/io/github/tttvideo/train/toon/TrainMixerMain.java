package io.github.tttvideo.train.toon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.weights.DType;
import io.github.tttvideo.train.StagePlan;
import io.github.tttvideo.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a baseline of issue #7: the toon model with another global sequence mixer ({@code
 * local}, {@code sliding}, {@code ttt-linear}, {@code ttt-mlp}, {@code full}), from a trained toon
 * model as the shared pre-trained base, through TrainToonMain's context-extension stages.
 *
 * <ol>
 *   <li>{@code init/}: {@code config.json} (the base's config with {@code sequence_mixer}, named
 *       {@code toon-MIXER}), {@code vocab.json} (the base's) and {@code model.safetensors}: every
 *       tensor that is not part of a mixer copied from the base (patch and text embeddings, adaLN,
 *       local attention, MLPs, final layers, word embeddings, VAE); the mixer's own tensors
 *       ({@code ttt.*}, {@code ttt_gate.*}, {@code ssm_attn.*}, {@code ssm_gate.*}) freshly
 *       initialised with the fixed seed ({@link DjlModels#randomWeights}), <b>except</b> when the
 *       base already has exactly these tensors (its mixer is the same, for the shipped model
 *       {@code ttt-mlp}): then they are kept, so the ttt-mlp baseline continues from trained TTT
 *       layers while the others start their mixer from scratch (gates at {@code gate_init}, 0.1).
 *       {@code init/provenance.json} lists which tensors were copied and which were fresh;
 *   <li>{@code denoiser/}: {@link Trainer} over TrainToonMain's latent cache ({@code
 *       RUN/latents/seg3.bin}, {@code seg6.bin}) with TrainToonMain's extension stages: {@code 9s}
 *       (3 segments) and {@code 18s} (6 segments), {@code qkvo} (the mixer's tensors, gates and
 *       the local attention's q/k/v/o and q/k norms), the same steps, warmups and rates, seed,
 *       batch 1, clip 1; resumable (run the same command again);
 *   <li>{@code final/}: {@code config.json}, {@code model.safetensors} (F32 when under 18 MB,
 *       else F16), {@code vocab.json}.
 * </ol>
 *
 * <pre>
 * java -XX:MaxDirectMemorySize=6g -Dai.djl.offline=true -Dttt.djl.scan=ndarray -cp ... \
 *   io.github.tttvideo.train.toon.TrainMixerMain --base /work/runs/toon/final --mixer sliding \
 *   --out /work/runs/mix/sliding
 * </pre>
 *
 * <p>Options (defaults in brackets): {@code --base DIR} (required), {@code --mixer NAME}
 * (required), {@code --out DIR} (required), {@code --run DIR} [/work/runs/toon] (where {@code
 * latents/} is), {@code --window W} [1] (sliding window in segments), {@code --seed} [42], {@code
 * --steps1} [0] (with N > 0, TrainToonMain's 3 s stage (1 segment, every parameter, peak lr)
 * runs first: how a base without a global mixer is adapted, e.g. {@code --mixer local --steps1
 * 300 --steps3 0 --steps6 0}), {@code --steps3} [150], {@code --steps6} [30] (0 leaves a stage
 * out), {@code --lr} [5e-4] (peak of TrainToonMain's plan: the 9 s stage runs lr/2, the 18 s
 * stage lr/4, both ending at lr/10), {@code --export-only}. Create
 * {@code OUT/denoiser/STOP} to stop with a checkpoint.
 *
 * @since 0.1.0
 */
public final class TrainMixerMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrainMixerMain.class);

  private TrainMixerMain() {}

  /** Options of a run. */
  static final class Options {
    Path base;
    SequenceMixer mixer;
    Path out;
    Path run = Path.of("/work/runs/toon");
    int window = ModelConfig.DEFAULT_SLIDING_WINDOW_SEGMENTS;
    long seed = 42;
    int steps1 = 0;
    int steps3 = 150;
    int steps6 = 30;
    double lr = 5e-4;
    boolean exportOnly;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--export-only")) {
          o.exportOnly = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--base" -> o.base = Path.of(v);
          case "--mixer" -> o.mixer = SequenceMixer.parse(v);
          case "--out" -> o.out = Path.of(v);
          case "--run" -> o.run = Path.of(v);
          case "--window" -> o.window = Integer.parseInt(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--steps1" -> o.steps1 = Integer.parseInt(v);
          case "--steps3" -> o.steps3 = Integer.parseInt(v);
          case "--steps6" -> o.steps6 = Integer.parseInt(v);
          case "--lr" -> o.lr = Double.parseDouble(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.steps1 < 0 || o.steps3 < 0 || o.steps6 < 0
          || o.steps1 + o.steps3 + o.steps6 == 0) {
        throw new IllegalArgumentException("--steps1/3/6 must be >= 0 and not all 0, got "
            + o.steps1 + "/" + o.steps3 + "/" + o.steps6);
      }
      if (o.base == null || o.mixer == null || o.out == null) {
        throw new IllegalArgumentException("usage: TrainMixerMain --base MODEL_DIR --mixer "
            + String.join("|", SequenceMixer.names()) + " --out DIR [--run RUN_DIR]"
            + " [--window W] [--seed N] [--steps1 N] [--steps3 N] [--steps6 N] [--lr X]"
            + " [--export-only]");
      }
      return o;
    }

    /** TrainToonMain's options of the same extension stages. */
    TrainToonMain.Options toon() {
      TrainToonMain.Options t = new TrainToonMain.Options();
      t.out = run;
      t.seed = seed;
      // a stage of 0 steps is left out of the plan (StagePlan needs >= 1)
      t.steps1 = Math.max(1, steps1);
      t.steps3 = Math.max(1, steps3);
      t.steps6 = Math.max(1, steps6);
      t.lr = lr;
      // the first round's extension stages only; TrainToonMain's second round is not repeated
      t.more1 = 0;
      t.more3 = 0;
      t.more6 = 0;
      t.round3 = 0;
      return t;
    }
  }

  /**
   * Entry point.
   *
   * @param args options (class comment)
   * @throws Exception if a part fails
   */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Files.createDirectories(o.out);
    long t0 = System.nanoTime();
    ModelConfig config = initPart(o);
    WordTokenizer tok = WordTokenizer.read(o.out.resolve("init").resolve(WordTokenizer.FILE_NAME));
    if (!o.exportOnly) {
      denoiserPart(o, config, tok);
    }
    Path fin = export(o, config);
    LOG.info("{} written to {} ({} s in all)", config.name(), fin,
        (System.nanoTime() - t0) / 1_000_000_000L);
  }

  /**
   * The config of a baseline: the base's with another mixer, named {@code toon-MIXER} (the
   * base's name when the mixer is the base's).
   *
   * @param base the base model's config
   * @param mixer the mixer
   * @param window the sliding window
   * @return the config
   */
  public static ModelConfig config(ModelConfig base, SequenceMixer mixer, int window) {
    ModelConfig c = base.withSequenceMixer(mixer, window);
    return c.withName(baselineName(mixer));
  }

  /**
   * The model name of a baseline.
   *
   * @param mixer the mixer
   * @return {@code toon-} and the mixer's name
   */
  public static String baselineName(SequenceMixer mixer) {
    return "toon-" + mixer.jsonName();
  }

  /**
   * The initial tensors of a baseline (class comment): the base's, except the mixer's own, which
   * are fresh unless the base has them with the same shapes and the same mixer.
   *
   * @param base the base config
   * @param baseValues every tensor of the base
   * @param target the baseline's config
   * @param seed seed of the fresh tensors
   * @param fresh receives the names of the freshly initialised tensors
   * @return every tensor of the baseline, in checkpoint order
   */
  public static Map<String, float[]> initialWeights(ModelConfig base,
      Map<String, float[]> baseValues, ModelConfig target, long seed, List<String> fresh) {
    Map<String, long[]> targetSpecs = TttDenoiserParameters.all(target);
    Map<String, long[]> baseSpecs = TttDenoiserParameters.all(base);
    boolean sameMixer = base.sequenceMixer() == target.sequenceMixer();
    Map<String, float[]> random = DjlModels.randomWeights(target, seed);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : targetSpecs.entrySet()) {
      String name = e.getKey();
      boolean mixer = TttDenoiserParameters.isMixerTensor(name);
      float[] fromBase = baseValues.get(name);
      boolean shapeOk = baseSpecs.containsKey(name)
          && Arrays.equals(baseSpecs.get(name), e.getValue());
      if (mixer && !(sameMixer && shapeOk && fromBase != null)) {
        out.put(name, random.get(name).clone());
        fresh.add(name);
      } else if (fromBase != null && shapeOk) {
        out.put(name, fromBase.clone());
      } else {
        throw new IllegalArgumentException("the base model has no tensor " + name + " "
            + Arrays.toString(e.getValue()) + " to copy");
      }
    }
    return out;
  }

  static ModelConfig initPart(Options o) throws IOException {
    Path dir = o.out.resolve("init");
    Path weights = dir.resolve("model.safetensors");
    if (Files.exists(weights)) {
      ModelConfig c = ModelConfigReader.fromDirectory(dir);
      if (c.sequenceMixer() != o.mixer) {
        throw new IllegalArgumentException(o.out + " holds a " + c.sequenceMixer().jsonName()
            + " run, not " + o.mixer.jsonName() + "; use another --out");
      }
      return c;
    }
    ModelConfig baseConfig = ModelConfigReader.fromDirectory(o.base);
    ModelConfig config = config(baseConfig, o.mixer, o.window);
    Map<String, float[]> baseValues = DjlModels.readWeights(baseConfig, o.base);
    List<String> fresh = new ArrayList<>();
    Map<String, float[]> values = initialWeights(baseConfig, baseValues, config, o.seed, fresh);
    Files.createDirectories(dir);
    Files.copy(o.base.resolve(WordTokenizer.FILE_NAME), dir.resolve(WordTokenizer.FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING);
    TrainToonMain.writeWeights(values, config, weights.resolveSibling("model.tmp"), DType.F32);
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("base", o.base.toAbsolutePath().toString());
    provenance.put("base_sequence_mixer", baseConfig.sequenceMixer().jsonName());
    provenance.put("sequence_mixer", config.sequenceMixer().jsonName());
    provenance.put("seed", o.seed);
    provenance.put("copied", values.size() - fresh.size());
    provenance.put("fresh", fresh);
    Files.writeString(dir.resolve("provenance.json"), new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(provenance));
    Files.writeString(dir.resolve(ModelConfigReader.FILE_NAME), ModelConfigReader.toJson(config));
    Files.move(weights.resolveSibling("model.tmp"), weights, StandardCopyOption.REPLACE_EXISTING);
    LOG.info("init: {} from {}: {} tensors copied, {} fresh (seed {}), {} denoiser parameters",
        config.name(), o.base, values.size() - fresh.size(), fresh.size(), o.seed,
        TttDenoiserParameters.count(config));
    return config;
  }

  /**
   * TrainToonMain's 9 s and 18 s stages: its first round without the 3 s stage (the second
   * round, {@code --more1/3/6}, is not repeated; every baseline gets the same budget).
   */
  static List<StagePlan> plan(Options o) {
    List<StagePlan> toon = TrainToonMain.plan(o.toon());
    List<StagePlan> out = new ArrayList<>();
    for (StagePlan s : toon) {
      int steps = switch (s.segments()) {
        case 1 -> o.steps1;
        case 3 -> o.steps3;
        case 6 -> o.steps6;
        default -> 0;
      };
      if (steps > 0) {
        out.add(s);
      }
    }
    return out;
  }

  static void denoiserPart(Options o, ModelConfig config, WordTokenizer tok) throws IOException {
    TrainToonMain.Options toon = o.toon();
    Map<Integer, TrainToonMain.Cache> caches = new HashMap<>();
    List<Integer> lengths = new ArrayList<>();
    for (StagePlan s : plan(o)) {
      lengths.add(s.segments());
    }
    for (int seg : lengths) {
      Path file = TrainToonMain.latentFile(toon, seg);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no latent cache " + file + " (run TrainToonMain"
            + " first, or pass --run with the run directory that holds latents/)");
      }
      caches.put(seg, TrainToonMain.Cache.read(file));
    }
    Map<String, float[]> init = TrainToonMain.readAll(config, o.out.resolve("init"));
    TrainToonMain.trainDenoiser(config, init, tok, caches, plan(o), o.out.resolve("denoiser"),
        o.seed);
  }

  static Path export(Options o, ModelConfig config) throws IOException {
    Map<String, float[]> all = TrainToonMain.readAll(config, o.out.resolve("init"));
    return TrainToonMain.writeFinal(o.out, config, all, config);
  }
}
