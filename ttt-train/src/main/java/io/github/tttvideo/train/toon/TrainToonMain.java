package io.github.tttvideo.train.toon;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.DType;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonPalette;
import io.github.tttvideo.toon.world.ToonWorld;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.BatchSource;
import io.github.tttvideo.train.Checkpoint;
import io.github.tttvideo.train.LossPlot;
import io.github.tttvideo.train.LrSchedule;
import io.github.tttvideo.train.NamedParameters;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.StagePlan;
import io.github.tttvideo.train.ToonClip;
import io.github.tttvideo.train.ToonClipDataset;
import io.github.tttvideo.train.Trainer;
import io.github.tttvideo.train.TrainingLog;
import io.github.tttvideo.train.TrainingState;
import io.github.tttvideo.train.TrainRandom;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the embedded toon model from scratch in one command, part by part, each part resumable:
 *
 * <ol>
 *   <li>{@code init/}: the config, the vocabulary built from the toon world's sentences, seeded
 *       random weights;
 *   <li>{@code vae/}: the causal VAE as a deterministic autoencoder on short 5-frame windows of
 *       toon clips (L1 + L2), checkpoints, CSV and plot, then a PaletteProbe check of decoded
 *       evaluation clips ({@code vae/probe.txt}) and the latent scale folded into the weights
 *       ({@code vae/vae.safetensors});
 *   <li>{@code latents/}: training clips of 1, 3 and 6 segments encoded once (the cache);
 *   <li>{@code denoiser/}: {@link Trainer} with the v-prediction objective over the cache:
 *       single segments with every parameter, then 3 and 6 segments training the TTT layers,
 *       gates and attention q/k/v/o ("qkvo");
 *   <li>{@code final/}: {@code config.json}, {@code model.safetensors}, {@code vocab.json}.
 * </ol>
 *
 * <pre>
 * java -XX:MaxDirectMemorySize=4g -Dai.djl.offline=true -Dttt.djl.scan=ndarray -cp ... \
 *   io.github.tttvideo.train.toon.TrainToonMain --out /work/runs/toon
 * </pre>
 *
 * <p>Options (all of them in docs/training.md): {@code --seed}, {@code --vae-steps}, {@code
 * --steps1}, {@code --steps3}, {@code --steps6}, {@code --clips1}, {@code --clips3}, {@code
 * --clips6}, the later rounds' {@code --more1/3/6}, {@code --round3 ...}, {@code --round4 ...}
 * (rounds 3 and 4 are {@code ExtraRound}s), {@code --text-tokens}, {@code --fg-weight},
 * {@code --ema} (keep a parameter average, exported unless {@code --export-last}),
 * {@code --t-shift} (sample the denoiser's training timesteps towards high noise),
 * {@code --export-only}
 * (write {@code final/} from the newest checkpoints). Create {@code OUT/vae/STOP} or {@code
 * OUT/denoiser/STOP} to end a part early with a checkpoint (the next parts then use what it has).
 *
 * @since 0.1.0
 */
public final class TrainToonMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrainToonMain.class);

  /**
   * The guidance the exported model recommends ({@code guidance} in its config; {@code
   * --guidance}, "none" for the render defaults): a constant scale, because the reference's
   * dynamic cosine schedule stays near 1 over the early steps, where this small model decides the
   * room, and it then ignores the room named in the text (docs/model-card.md).
   */
  static final String DEFAULT_GUIDANCE = "constant:6";

  /** The files a model directory given to {@code --from} must hold. */
  static final List<String> FROM_FILES = List.of(ModelConfigReader.FILE_NAME,
      WordTokenizer.FILE_NAME, "model.safetensors"); // weights last: they mark a finished copy

  /** The parts in the order they run ({@code --only} names some of them). */
  static final List<String> PARTS = List.of("vae", "vae-dec", "vae-pal", "latents", "denoiser");

  /** Plot options of the VAE's loss. */
  static final LossPlot.Options VAE_PLOT =
      new LossPlot.Options(900, 540, false, 0, "VAE loss (L1 + L2 + 1e-4 z^2)");

  private TrainToonMain() {}

  /** Options of a run. */
  static final class Options {
    Path out = Path.of("target/toon-run");
    long seed = 42;
    int vaeSteps = 1500;
    int vaeBatch = 2;
    int vaeCrop = 32;
    int vaePool = 96;
    double vaeLr = 1e-3;
    int steps1 = 1000;
    int steps3 = 150;
    int steps6 = 30;
    int clips1 = 128;
    int clips3 = 24;
    int clips6 = 8;
    double lr = 5e-4;
    int decSteps = 2000;
    double decLr = 5e-4;
    int more1 = 1500;
    int more3 = 100;
    int more6 = 20;
    double lr2 = 3e-4;
    int palSteps = 1500;
    double palLr = 1e-3;
    int palCrop = 64;
    int round3 = 1200;
    int clips3r = 1500;
    int round3Segments = 1;
    String guidance = DEFAULT_GUIDANCE;
    double lr3 = 2e-4;
    int round4 = 0;
    int round4Segments = 3;
    int clips4r = 480;
    double lr4 = 5e-5;
    double lr4Ttt = 3e-4;
    String round4Select = "ttt";
    int round4Mix = 0;
    int round5 = 0;
    double lr5 = 5e-5;
    double lr5Ttt = 1e-4;
    /** Round 5's story length, clips and mixing; 0 (or -1 for the mixing): round 4's. */
    int round5Segments = 0;
    int clips5r = 0;
    int round5Mix = -1;
    boolean sceneSetting;
    int textTokens;
    double fgWeight;
    int batch = 1;
    /** {@code --ema}: the decay of the denoiser's parameter average, 0 for none. */
    double ema;
    /** {@code --t-shift}: the denoiser's timestep shift, 1 for none (uniform timesteps). */
    double tShift = 1.0;
    /** {@code --export-last}: export the last parameters even when the run keeps an average. */
    boolean exportLast;
    boolean exportOnly;
    /**
     * {@code --from}: a trained model directory to fine-tune instead of training from scratch
     * (its vocabulary, VAE and denoiser; only rounds 3 to 5 run), or null.
     */
    Path from;
    java.util.Set<String> only = java.util.Set.of();

    /**
     * Whether a part runs: every part, or those named by {@code --only}; never a VAE part in a
     * fine-tune ({@code --from} keeps the model's VAE).
     */
    boolean runs(String part) {
      if (from != null && part.startsWith("vae")) {
        return false;
      }
      return only.isEmpty() || only.contains(part);
    }

    static Options parse(String[] args) {
      Options o = new Options();
      boolean round3Given = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--export-only")) {
          o.exportOnly = true;
          continue;
        }
        if (a.equals("--export-last")) {
          o.exportLast = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--out" -> o.out = Path.of(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--vae-steps" -> o.vaeSteps = Integer.parseInt(v);
          case "--vae-batch" -> o.vaeBatch = Integer.parseInt(v);
          case "--vae-crop" -> o.vaeCrop = Integer.parseInt(v);
          case "--vae-pool" -> o.vaePool = Integer.parseInt(v);
          case "--vae-lr" -> o.vaeLr = Double.parseDouble(v);
          case "--steps1" -> o.steps1 = Integer.parseInt(v);
          case "--steps3" -> o.steps3 = Integer.parseInt(v);
          case "--steps6" -> o.steps6 = Integer.parseInt(v);
          case "--clips1" -> o.clips1 = Integer.parseInt(v);
          case "--clips3" -> o.clips3 = Integer.parseInt(v);
          case "--clips6" -> o.clips6 = Integer.parseInt(v);
          case "--lr" -> o.lr = Double.parseDouble(v);
          case "--dec-steps" -> o.decSteps = Integer.parseInt(v);
          case "--dec-lr" -> o.decLr = Double.parseDouble(v);
          case "--more1" -> o.more1 = Integer.parseInt(v);
          case "--more3" -> o.more3 = Integer.parseInt(v);
          case "--more6" -> o.more6 = Integer.parseInt(v);
          case "--lr2" -> o.lr2 = Double.parseDouble(v);
          case "--pal-steps" -> o.palSteps = Integer.parseInt(v);
          case "--pal-lr" -> o.palLr = Double.parseDouble(v);
          case "--pal-crop" -> o.palCrop = Integer.parseInt(v);
          case "--round3" -> {
            o.round3 = Integer.parseInt(v);
            round3Given = true;
          }
          case "--only" -> {
            // a part named twice is named once (Set.of would refuse the duplicate)
            java.util.Set<String> parts = new java.util.LinkedHashSet<>(List.of(v.split(",")));
            for (String part : parts) {
              if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("--only takes parts of " + PARTS + ", got "
                    + part);
              }
            }
            o.only = java.util.Set.copyOf(parts);
          }
          case "--clips3r" -> o.clips3r = Integer.parseInt(v);
          case "--guidance" -> o.guidance = v.equals("none") ? null : v;
          case "--round3-segments" -> o.round3Segments = roundSegments(a, v);
          case "--lr3" -> o.lr3 = Double.parseDouble(v);
          case "--round4" -> o.round4 = Integer.parseInt(v);
          case "--round4-segments" -> o.round4Segments = roundSegments(a, v);
          case "--clips4r" -> o.clips4r = Integer.parseInt(v);
          case "--lr4" -> o.lr4 = Double.parseDouble(v);
          case "--lr4-ttt" -> o.lr4Ttt = Double.parseDouble(v);
          case "--round4-mix" -> o.round4Mix = mixEvery(a, v);
          case "--round5" -> o.round5 = Integer.parseInt(v);
          case "--lr5" -> o.lr5 = Double.parseDouble(v);
          case "--lr5-ttt" -> o.lr5Ttt = Double.parseDouble(v);
          case "--round5-segments" -> o.round5Segments = roundSegments(a, v);
          case "--clips5r" -> o.clips5r = positive(a, v);
          case "--round5-mix" -> o.round5Mix = mixEvery(a, v);
          case "--text-tokens" -> o.textTokens = textTokens(a, v);
          case "--fg-weight" -> o.fgWeight = fgWeight(a, v);
          case "--batch" -> o.batch = batchSize(a, v);
          case "--ema" -> o.ema = emaDecay(a, v);
          case "--t-shift" -> o.tShift = timestepShift(a, v);
          case "--scene-setting" -> o.sceneSetting = switch (v) {
            case "toon" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(
                "--scene-setting takes toon or none, got " + v);
          };
          case "--from" -> o.from = modelDirectory(a, v);
          case "--round4-select" -> {
            ParameterSelection.named(v); // fails early on an unknown name
            o.round4Select = v;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.from != null && !round3Given) {
        o.round3 = 0; // the shipped recipe's third round is not part of a fine-tune by default
      }
      if (o.from != null && o.round3 <= 0 && o.round4 <= 0 && o.round5 <= 0) {
        throw new IllegalArgumentException("--from fine-tunes " + o.from + " with rounds 3 to 5,"
            + " but none runs: give --round3, --round4 or --round5 a number of steps");
      }
      return o;
    }

    /**
     * A model to fine-tune: a directory with {@code config.json}, {@code model.safetensors} and
     * {@code vocab.json}, or the name of a model on the class path ({@code toon} with
     * {@code ttt-models}).
     */
    private static Path modelDirectory(String option, String v) {
      Path dir = Path.of(v);
      if (!Files.isDirectory(dir)) {
        try {
          dir = io.github.tttvideo.core.render.ModelDirectories.resolve(
              io.github.tttvideo.api.ModelReference.ofName(v));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(option + " takes a model directory or the name of"
              + " a model on the class path; " + v + " is neither (" + e.getMessage() + ")", e);
        }
      }
      for (String f : FROM_FILES) {
        if (!Files.isRegularFile(dir.resolve(f))) {
          throw new IllegalArgumentException(option + " " + v + ": the model directory " + dir
              + " has no " + f + " (a toon model directory holds " + FROM_FILES + ")");
        }
      }
      return dir;
    }

    private static int mixEvery(String option, String v) {
      int n = Integer.parseInt(v);
      if (n != 0 && n < 2) {
        throw new IllegalArgumentException(option + " must be 0 (no mixing) or at least 2, got "
            + v);
      }
      return n;
    }

    private static int positive(String option, String v) {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new IllegalArgumentException(option + " must be at least 1, got " + v);
      }
      return n;
    }

    private static int roundSegments(String option, String v) {
      int n = Integer.parseInt(v);
      if (n != 1 && n != 3 && n != 6) {
        throw new IllegalArgumentException(option + " must be 1, 3 or 6, got " + v);
      }
      return n;
    }
  }

  /**
   * A round after the first two with its own cache of clips: round 3 ({@code --round3 ...},
   * every parameter, the TTT group at twice the rate), round 4 ({@code --round4 ...}, by
   * default only the TTT layers and gates, on multi-segment stories) and round 5 ({@code --round5
   * N --lr5 --lr5-ttt}: round 4's parameters with a fresh warmup and schedule, on round 4's kind
   * of clips unless {@code --round5-segments}, {@code --clips5r} or {@code --round5-mix} say
   * otherwise).
   *
   * @param number 3, 4 or 5
   * @param segments story length of its clips
   * @param steps its steps (0: no such round)
   * @param clips clips in its cache ({@code data.clip(segments, i)}, i below this)
   * @param lr peak rate of the parameters outside the TTT group
   * @param lrTtt peak rate of the TTT layers and gates
   * @param trainable which parameters it trains
   * @param mixEvery 0, or every how many batches one is a single-segment clip of the first
   *     rounds' cache instead (a curriculum that keeps first segments in practice)
   */
  record ExtraRound(int number, int segments, int steps, int clips, double lr, double lrTtt,
      ParameterSelection trainable, int mixEvery) {

    /** {@return its stage name: {@code 3s-3} for 1 segment in round 3, {@code 9s-4}, ...} */
    String stageName() {
      return (3 * segments) + "s-" + number;
    }

    /** {@return its cache under {@code RUN/latents/}: {@code seg3-r4.bin}, ...} */
    Path cacheFile(Path run) {
      return run.resolve("latents").resolve("seg" + segments + "-r" + number + ".bin");
    }

    /** {@return its stage} */
    StagePlan stage() {
      return new StagePlan(stageName(), segments, steps, warmup(steps, 30), lr, lrTtt, lr / 10,
          trainable);
    }
  }

  /** {@return the rounds 3, 4 and 5 that run (steps above 0), in order} */
  static List<ExtraRound> extraRounds(Options o) {
    List<ExtraRound> rounds = new ArrayList<>(3);
    if (o.round3 > 0) {
      rounds.add(new ExtraRound(3, o.round3Segments, o.round3, o.clips3r, o.lr3, 2 * o.lr3,
          ParameterSelection.sft(), 0));
    }
    if (o.round4 > 0) {
      rounds.add(new ExtraRound(4, o.round4Segments, o.round4, o.clips4r, o.lr4, o.lr4Ttt,
          ParameterSelection.named(o.round4Select), o.round4Mix));
    }
    if (o.round5 > 0) {
      // a fresh warmup and schedule after round 4, by default on the same kind of clips
      rounds.add(new ExtraRound(5, o.round5Segments > 0 ? o.round5Segments : o.round4Segments,
          o.round5, o.clips5r > 0 ? o.clips5r : o.clips4r, o.lr5, o.lr5Ttt,
          ParameterSelection.named(o.round4Select), o.round5Mix >= 0 ? o.round5Mix
              : o.round4Mix));
    }
    return List.copyOf(rounds);
  }

  /**
   * The toon model's configuration as trained here: D 128, 4 heads, 4 TTT-MLP layers, K 16, 8
   * latent channels on an 8 x 8 latent (patch 2: 16 tokens per frame), text width 128 with 16
   * tokens per segment, VAE widths 8, 16, 32, 64 (small at the pixel level: the VAE is trained on two CPU cores).
   *
   * @param vocab the vocabulary size (with reserved ids)
   * @return the config
   */
  public static ModelConfig config(int vocab) {
    return new ModelConfig("toon", 128, 4, 4, TttVariant.MLP, 16, 0.1, 2, 8, 128, 128,
        0.1, 10000, 8, 4, 8, 8, 16, Map.of(), 20, 16, 48, 4, 1e-6, vocab, // = preset "toon"
        List.of(8, 16, 32, 64));
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
    ModelConfig config = withTextTokens(initPart(o), o);
    WordTokenizer tok = WordTokenizer.read(o.out.resolve("init").resolve(WordTokenizer.FILE_NAME));
    if (!o.exportOnly) {
      long t = System.nanoTime();
      if (o.from != null) {
        LOG.info("fine-tuning {}: its VAE and vocabulary are kept, rounds 3 to 5 train the"
            + " denoiser", o.from);
      }
      if (o.runs("vae")) {
        vaePart(o, config);
        LOG.info("part vae: {} s", (System.nanoTime() - t) / 1_000_000_000L);
      }
      t = System.nanoTime();
      if (o.runs("vae-dec")) {
        decoderPart(o, config);
        LOG.info("part vae-dec: {} s", (System.nanoTime() - t) / 1_000_000_000L);
      }
      t = System.nanoTime();
      if (o.runs("vae-pal")) {
        palettePart(o, config);
        LOG.info("part vae-pal: {} s", (System.nanoTime() - t) / 1_000_000_000L);
      }
      t = System.nanoTime();
      if (o.runs("latents")) {
        latentPart(o, config);
        LOG.info("part latents: {} s", (System.nanoTime() - t) / 1_000_000_000L);
      }
      t = System.nanoTime();
      if (o.runs("denoiser")) {
        denoiserPart(o, config, tok);
        LOG.info("part denoiser: {} s", (System.nanoTime() - t) / 1_000_000_000L);
      }
      if (!o.only.isEmpty()) {
        LOG.info("ran only {}; no export (run without --only, or with --export-only)", o.only);
        return;
      }
    }
    Path fin = export(o, config);
    LOG.info("model written to {} ({} s in all)", fin, (System.nanoTime() - t0) / 1_000_000_000L);
  }

  /**
   * The run's config with {@code --text-tokens} applied (unchanged without it).
   *
   * @param config the init part's config
   * @param o the options
   * @return the config the denoiser trains and the export writes
   */
  static ModelConfig withTextTokens(ModelConfig config, Options o) {
    return o.textTokens > 0 ? config.withTextTokens(o.textTokens) : config;
  }

  static double fgWeight(String option, String v) {
    double x = Double.parseDouble(v);
    if (!(x >= 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException(option + " takes a finite weight >= 0, got " + v);
    }
    return x;
  }

  static double emaDecay(String option, String v) {
    double d = Double.parseDouble(v);
    if (!(d == 0 || (d > 0 && d < 1))) {
      throw new IllegalArgumentException(option + " takes a decay in (0, 1), or 0 for none, got "
          + v);
    }
    return d;
  }

  static double timestepShift(String option, String v) {
    double s = Double.parseDouble(v);
    if (!(s >= 1 && s <= 100)) {
      throw new IllegalArgumentException(option + " takes a shift in [1, 100] (1: none), got "
          + v);
    }
    return s;
  }

  static int batchSize(String option, String v) {
    int n = Integer.parseInt(v);
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException(option + " takes 1 to 64 clips per step, got " + v);
    }
    return n;
  }

  static int textTokens(String option, String v) {
    int n = Integer.parseInt(v);
    if (n < 1 || n > 256) {
      throw new IllegalArgumentException(option + " takes 1 to 256 tokens, got " + v);
    }
    return n;
  }

  // ---------------------------------------------------------------- init

  static ModelConfig initPart(Options o) throws IOException {
    Path dir = o.out.resolve("init");
    Path weights = dir.resolve("model.safetensors");
    if (Files.exists(weights)) {
      return ModelConfigReader.fromDirectory(dir);
    }
    if (o.from != null) {
      return fromPart(o);
    }
    Files.createDirectories(dir);
    List<String> words = ToonVocabulary.build(2000, 1);
    WordTokenizer tok = WordTokenizer.of(words);
    int vocab = tok.size() <= 128 ? 128 : 256;
    ModelConfig config = config(vocab);
    tok.write(dir.resolve(WordTokenizer.FILE_NAME));
    Files.writeString(dir.resolve(ModelConfigReader.FILE_NAME), ModelConfigReader.toJson(config));
    writeWeights(DjlModels.randomWeights(config, o.seed), config, weights, DType.F32);
    LOG.info("init: {} words, {} denoiser parameters, {} VAE values", tok.size(),
        TttDenoiserParameters.count(config), TttDenoiserParameters.count(
            TttDenoiserParameters.vae(config)));
    return config;
  }

  /**
   * The init part of a fine-tune ({@code --from DIR}): the model's config, vocabulary and every
   * tensor become {@code init/} (the denoiser's starting point and the export's base), and also
   * {@code vae/model/} (the VAE the latent caches are encoded with and the export keeps), so the
   * VAE parts have nothing left to do. The weights are copied last, so an interrupted copy is
   * redone on the next run.
   *
   * @param o the options
   * @return the model's config
   * @throws IOException if a file cannot be copied
   */
  static ModelConfig fromPart(Options o) throws IOException {
    ModelConfig config = ModelConfigReader.fromDirectory(o.from);
    if (config.textVocabSize() <= 0) {
      throw new IllegalArgumentException("--from " + o.from + ": the model has no built-in text"
          + " encoder (text_vocab_size 0); TrainToonMain fine-tunes toon models with their own"
          + " vocabulary");
    }
    Map<String, float[]> values = readAll(config, o.from); // fails early on missing tensors
    for (Path dir : List.of(o.out.resolve("vae").resolve("model"), o.out.resolve("init"))) {
      Files.createDirectories(dir);
      for (String f : FROM_FILES) {
        Path tmp = dir.resolve(f + ".tmp");
        Files.copy(o.from.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    LOG.info("init: from {} ({} tensors, {} words)", o.from, values.size(),
        WordTokenizer.read(o.from.resolve(WordTokenizer.FILE_NAME)).size());
    return config;
  }

  static void writeWeights(Map<String, float[]> values, ModelConfig config, Path file,
      DType dtype) throws IOException {
    Map<String, long[]> specs = TttDenoiserParameters.all(config);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    SafetensorsWriter w = SafetensorsWriter.to(tmp);
    w.metadata("format", "pt");
    for (Map.Entry<String, long[]> e : specs.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new IllegalStateException("no tensor " + e.getKey());
      }
      w.add(e.getKey(), dtype, e.getValue(), v);
    }
    w.write();
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  static Map<String, float[]> readAll(ModelConfig config, Path dir) {
    return new LinkedHashMap<>(DjlModels.readWeights(config, dir));
  }

  static Map<String, float[]> toFloats(NamedParameters p) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : p.asMap().entrySet()) {
      out.put(e.getKey(), e.getValue().toFloatArray());
    }
    return out;
  }

  // ---------------------------------------------------------------- VAE

  /** A pool of rendered 1-segment clips as bytes (49 frames of [3, 64, 64]). */
  static final class ClipPool {
    private final ToonClipDataset data;
    private final Map<Integer, byte[]> cache = new HashMap<>();

    ClipPool(ToonClipDataset data) {
      this.data = data;
    }

    byte[] clip(int index) {
      return cache.computeIfAbsent(index, i -> {
        float[] px = data.clip(1, i).pixels();
        byte[] b = new byte[px.length];
        for (int k = 0; k < px.length; k++) {
          b[k] = (byte) Math.round((px[k] + 1f) * 127.5f);
        }
        return b;
      });
    }

    /** Frames [start, start + count) of a clip as floats in [-1, 1]. */
    float[] window(int index, int start, int count) {
      byte[] b = clip(index);
      int per = 3 * ToonWorld.PIXELS;
      float[] out = new float[count * per];
      for (int k = 0; k < out.length; k++) {
        out[k] = (b[start * per + k] & 0xFF) / 127.5f - 1f;
      }
      return out;
    }
  }

  static void vaePart(Options o, ModelConfig config) throws IOException {
    vaeTraining(o, config, "vae", readAll(config, o.out.resolve("init")),
        ParameterSelection.sft(), o.vaeSteps, o.vaeLr, true, o.vaeCrop, false);
  }

  /**
   * The decoder fine-tune: the VAE of {@code vae/model} with its encoder frozen (so the latent
   * space, and every latent cached or learned by the denoiser, stays the same), the decoder
   * trained {@code --dec-steps} more steps with the same loss; written to {@code vae-dec/model}.
   * 0 steps skips it.
   */
  static void decoderPart(Options o, ModelConfig config) throws IOException {
    if (o.decSteps <= 0) {
      return;
    }
    vaeTraining(o, config, "vae-dec", readAll(config, o.out.resolve("vae").resolve("model")),
        ParameterSelection.matchingAny("decoder", List.of("^vae\\.decoder\\.")), o.decSteps,
        o.decLr, false, o.vaeCrop, false);
  }

  /**
   * The toon world's palette as {@code vae_palette} colours, in {@link ToonPalette#entries()}
   * order.
   *
   * @return {@code "#RRGGBB"} strings
   */
  public static List<String> toonPalette() {
    return ToonPalette.entries().stream()
        .map(e -> String.format(Locale.ROOT, "#%06X", e.rgb()))
        .toList();
  }

  /**
   * The toon world's setting sentences as a {@code scene_setting} pattern: one alternative per
   * room, e.g. {@code In the kitchen\\.} ({@code --scene-setting toon} writes it into the
   * exported config, so a segment that leaves its scene's room unnamed is rendered with the
   * scene's setting; off by default, the trade-off is measured in docs/model-card.md).
   *
   * @return the regular expression
   */
  public static String toonSceneSetting() {
    return java.util.Arrays.stream(io.github.tttvideo.toon.world.Room.values())
        .map(r -> r.sentence().replaceAll("([\\\\.^$|?*+()\\[\\]{}])", "\\\\$1"))
        .collect(java.util.stream.Collectors.joining("|", "(?:", ")"));
  }

  /**
   * The palette decoder ({@code vae-pal/}, {@code --pal-steps}; 0 skips it): the decoder of the
   * newest VAE ({@code vae-dec/model}, else {@code vae/model}) with its last convolution replaced
   * by a fresh one that outputs one logit per colour of the toon palette ({@link
   * ModelConfig#vaePalette()}), trained with the per-pixel cross-entropy against the true
   * colours ({@link DjlVaeTrainable#paletteLoss}) on {@code --pal-crop} windows, the encoder
   * frozen (latents, cache and denoiser stay valid). Its model directory holds the palette
   * config, which the export then ships.
   */
  static void palettePart(Options o, ModelConfig config) throws IOException {
    if (o.palSteps <= 0) {
      return;
    }
    ModelConfig pal = config.withVaePalette(toonPalette());
    Path from = o.out.resolve("vae-dec").resolve("model");
    if (!Files.exists(from.resolve("model.safetensors"))) {
      from = o.out.resolve("vae").resolve("model");
    }
    Map<String, float[]> init = readAll(config, from);
    Map<String, float[]> fresh = DjlModels.randomWeights(pal, o.seed + 5);
    init.put("vae.decoder.conv_out.weight", fresh.get("vae.decoder.conv_out.weight"));
    init.put("vae.decoder.conv_out.bias", fresh.get("vae.decoder.conv_out.bias"));
    vaeTraining(o, pal, "vae-pal", init,
        ParameterSelection.matchingAny("decoder", List.of("^vae\\.decoder\\.")), o.palSteps,
        o.palLr, false, o.palCrop, true);
  }

  /**
   * The VAE model directory the export and later parts use: the palette decoder's, else the
   * fine-tuned decoder's, else the first VAE's.
   */
  static Path vaeModelDir(Options o) {
    for (String part : List.of("vae-pal", "vae-dec")) {
      Path dir = o.out.resolve(part).resolve("model");
      if (Files.exists(dir.resolve("model.safetensors"))) {
        return dir;
      }
    }
    return o.out.resolve("vae").resolve("model");
  }

  static void vaeTraining(Options o, ModelConfig config, String name, Map<String, float[]> init,
      ParameterSelection selection, int steps, double peakLr, boolean foldScale, int crop,
      boolean palette) throws IOException {
    Path dir = o.out.resolve(name);
    Path doneDir = dir.resolve("model");
    Path done = doneDir.resolve("model.safetensors");
    if (Files.exists(done)) {
      LOG.info("{}: done ({})", name, done);
      return;
    }
    Files.createDirectories(dir);
    Checkpoint ckpt = new Checkpoint(dir.resolve("checkpoints"), 2);
    Path csv = dir.resolve("loss.csv");
    Path png = dir.resolve("loss.png");
    Path stop = dir.resolve("STOP");
    ClipPool pool = new ClipPool(new ToonClipDataset(ToonClipDataset.Split.TRAIN));
    int window = 1 + config.vaeTemporal(); // 5 frames: latent frame 0 and one more
    int per = 3 * ToonWorld.PIXELS;
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(config, init, 0.05f, m);
      NamedParameters params = vae.parameters();
      params.select(selection);
      TrainRandom rng = new TrainRandom(o.seed + (foldScale ? 1 : 3));
      long step = 0;
      try (AdamW opt = new AdamW(m, params, AdamW.referenceGroups(params), 0.9, 0.99, 1e-8,
          1.0)) {
        var latest = ckpt.latest();
        if (latest.isPresent()) {
          TrainingState s = Checkpoint.restore(latest.get(), params, opt);
          step = s.globalStep();
          rng.restore(s.rngState());
          LOG.info("{}: resuming at step {}", name, step);
        }
        LrSchedule sched = new LrSchedule(LrSchedule.Shape.COSINE, peakLr, peakLr / 20,
            Math.min(30, steps / 10 + 1), steps);
        boolean stopped = false;
        try (TrainingLog log = TrainingLog.open(csv, step)) {
          while (step < steps && !stopped) {
            long t = System.nanoTime();
            double lr = sched.at((int) step);
            opt.setLr(AdamW.GROUP_BASE, lr);
            double loss;
            double norm;
            try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
              scope.suppressNotUsedWarning();
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = null;
                for (int b = 0; b < o.vaeBatch; b++) {
                  int idx = (int) Math.floorMod(rng.nextLong(), (long) o.vaePool);
                  int start = (int) Math.floorMod(rng.nextLong(), 49L - window + 1);
                  int cells = (ToonWorld.WIDTH - crop) / config.vaeSpatial() + 1;
                  int cy = config.vaeSpatial() * (int) Math.floorMod(rng.nextLong(), (long) cells);
                  int cx = config.vaeSpatial() * (int) Math.floorMod(rng.nextLong(), (long) cells);
                  NDArray px = sm.create(pool.window(idx, start, window),
                      new Shape(window, 3, ToonWorld.HEIGHT, ToonWorld.WIDTH));
                  if (crop < ToonWorld.WIDTH) {
                    // a crop aligned to the latent grid (the convolutions are translation
                    // equivariant; the crop's edges are zero-padded like the frame's)
                    px = px.get(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", cy,
                        cy + crop, cx, cx + crop));
                  }
                  NDArray l = palette ? vae.paletteLoss(px, rng) : vae.loss(px, rng);
                  total = total == null ? l : total.add(l);
                }
                total = NdOps.div(total, o.vaeBatch);
                gc.backward(total);
                loss = total.getFloat();
              }
              norm = opt.step();
            }
            step++;
            double secs = (System.nanoTime() - t) / 1e9;
            log.append(new TrainingLog.Row(step - 1, name, (int) step - 1, loss, norm, 0, lr,
                secs));
            if (step % 10 == 0 || step == 1) {
              LOG.info(String.format(Locale.ROOT, "%s step %d/%d: loss %.5f, grad norm %.3f,"
                  + " lr %.2e, %.2f s", name, step, steps, loss, norm, lr, secs));
            }
            if (!Double.isFinite(loss)) {
              throw new IllegalStateException(name + " loss is " + loss + " at step " + step);
            }
            stopped = Files.exists(stop);
            if (step % 100 == 0 || step == steps || stopped) {
              ckpt.save(new TrainingState(step, 0, name, (int) step, opt.stepCount(),
                  rng.state(), step), params, opt);
              LossPlot.write(TrainingLog.read(csv), png, VAE_PLOT);
            }
          }
        }
      }
      Map<String, float[]> values = toFloats(params);
      if (foldScale) {
        // latent scale: per-channel std of the means over a few clips, folded into the weights
        float[] scale = latentScale(vae, pool, config, m);
        fold(values, config, scale);
        Files.writeString(dir.resolve("latent_scale.json"), new ObjectMapper()
            .writeValueAsString(Map.of("per_channel_std", scale)));
      }
      DjlVaeTrainable folded = new DjlVaeTrainable(config, values, 0f, m);
      String report = probeCheck(folded, config, m);
      Files.writeString(dir.resolve("probe.txt"), report);
      LOG.info("{} probe check:\n{}", name, report);
      // the init's tensors (its config: a palette part changes conv_out's shape), then these
      Map<String, float[]> all = readAll(ModelConfigReader.fromDirectory(o.out.resolve("init")),
          o.out.resolve("init"));
      all.putAll(values);
      Files.createDirectories(doneDir);
      Files.writeString(doneDir.resolve(ModelConfigReader.FILE_NAME),
          ModelConfigReader.toJson(config));
      writeWeights(all, config, done, DType.F32);
      Files.deleteIfExists(stop);
    }
  }

  /** Per-channel standard deviation of the latent means of 8 pool clips. */
  static float[] latentScale(DjlVaeTrainable vae, ClipPool pool, ModelConfig config,
      NDManager m) {
    int c = config.latentChannels();
    double[] sum = new double[c];
    double[] sq = new double[c];
    long count = 0;
    for (int i = 0; i < 8; i++) {
      try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray px = sm.create(pool.window(i, 0, 49), new Shape(49, 3, 64, 64));
        float[] z = vae.encodeMean(px).toFloatArray(); // [13, C, 8, 8]
        int hw = config.latentHeight() * config.latentWidth();
        for (int k = 0; k < z.length; k++) {
          int ch = (k / hw) % c;
          sum[ch] += z[k];
          sq[ch] += (double) z[k] * z[k];
        }
        count += z.length / c;
      }
    }
    float[] s = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double mean = sum[ch] / count;
      s[ch] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[ch] / count - mean * mean)));
    }
    return s;
  }

  /**
   * Folds per-channel latent scales into the weights: the encoder's mean rows are divided by s
   * (latents of unit scale), the decoder's {@code conv_in} input channels multiplied by s.
   */
  static void fold(Map<String, float[]> v, ModelConfig config, float[] s) {
    int c = config.latentChannels();
    float[] w = v.get("vae.encoder.conv_out.weight"); // [2C, ch, 3, 3, 3]
    float[] b = v.get("vae.encoder.conv_out.bias");
    int row = w.length / (2 * c);
    for (int ch = 0; ch < c; ch++) {
      for (int k = 0; k < row; k++) {
        w[ch * row + k] /= s[ch];
      }
      b[ch] /= s[ch];
    }
    float[] d = v.get("vae.decoder.conv_in.weight"); // [out, C, 3, 3, 3]
    int out = d.length / (c * 27);
    for (int o = 0; o < out; o++) {
      for (int ch = 0; ch < c; ch++) {
        for (int k = 0; k < 27; k++) {
          d[(o * c + ch) * 27 + k] *= s[ch];
        }
      }
    }
  }

  /** Encodes and decodes evaluation clips and compares PaletteProbe readings. */
  static String probeCheck(DjlVaeTrainable vae, ModelConfig config, NDManager m) {
    ToonClipDataset eval = new ToonClipDataset(ToonClipDataset.Split.EVAL);
    PaletteProbe probe = new PaletteProbe();
    int frames = 0;
    int roomOk = 0;
    int furOk = 0;
    int furFrames = 0;
    int jerryOk = 0;
    int jerryFrames = 0;
    double share = 0;
    double l1 = 0;
    for (int i = 0; i < 4; i++) {
      ToonClip clip = eval.clip(1, i);
      float[] rec;
      try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray px = sm.create(clip.pixels(), new Shape(clip.frames(), 3, 64, 64));
        rec = vae.decode(vae.encodeMean(px)).toFloatArray();
      }
      for (int f = 1; f < clip.frames(); f += 4) {
        ToonFrame a = frame(clip.pixels(), f);
        ToonFrame b = frame(rec, f);
        ProbeReading ra = probe.read(a);
        ProbeReading rb = probe.read(b);
        frames++;
        share += rb.paletteShare();
        if (ra.room() == rb.room()) {
          roomOk++;
        }
        if (ra.tom().present()) {
          furFrames++;
          if (rb.tom().present() && ra.tomFur() == rb.tomFur()) {
            furOk++;
          }
        }
        if (ra.jerry().present()) {
          jerryFrames++;
          if (rb.jerry().present()) {
            jerryOk++;
          }
        }
      }
      for (int k = 0; k < rec.length; k++) {
        l1 += Math.abs(rec[k] - clip.pixels()[k]) / rec.length / 4.0;
      }
    }
    return String.format(Locale.ROOT,
        "eval clips 4, frames probed %d%nmean |x - x^| (in [-1, 1] units) %.4f%n"
            + "palette share of reconstructions %.3f%nroom agreement %.3f%n"
            + "Tom fur agreement %.3f (%d frames with Tom)%nJerry found %.3f (%d frames with"
            + " Jerry)%n",
        frames, l1, share / frames, roomOk / (double) frames,
        furFrames == 0 ? 0 : furOk / (double) furFrames, furFrames,
        jerryFrames == 0 ? 0 : jerryOk / (double) jerryFrames, jerryFrames);
  }

  static ToonFrame frame(float[] px, int f) {
    int plane = ToonWorld.PIXELS;
    int base = f * 3 * plane;
    int[] argb = new int[plane];
    for (int i = 0; i < plane; i++) {
      int r = clampByte(px[base + i]);
      int g = clampByte(px[base + plane + i]);
      int b = clampByte(px[base + 2 * plane + i]);
      argb[i] = 0xFF000000 | (r << 16) | (g << 8) | b;
    }
    return ToonFrame.ofArgb(argb);
  }

  private static int clampByte(float x) {
    return Math.round(Math.max(0f, Math.min(255f, (x + 1f) * 127.5f)));
  }

  // ---------------------------------------------------------------- latents

  static Path latentFile(Options o, int segments) {
    return o.out.resolve("latents").resolve("seg" + segments + ".bin");
  }

  static void latentPart(Options o, ModelConfig config) throws IOException {
    Map<String, float[]> values = readAll(config, o.out.resolve("vae").resolve("model"));
    ToonClipDataset data = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(config, values, 0f, m);
      record CacheJob(int segments, int count, Path file) {}
      List<CacheJob> plan = new ArrayList<>();
      for (int[] lc : new int[][] {{1, o.clips1}, {3, o.clips3}, {6, o.clips6}}) {
        if (o.from != null && lc[0] != 1) {
          continue; // a fine-tune runs no first-round stage; single segments may be mixed in
        }
        plan.add(new CacheJob(lc[0], lc[1], latentFile(o, lc[0])));
      }
      for (ExtraRound r : extraRounds(o)) {
        plan.add(new CacheJob(r.segments(), r.clips(), r.cacheFile(o.out)));
      }
      for (CacheJob job : plan) {
        int seg = job.segments();
        int count = job.count();
        Path file = job.file();
        if (count <= 0) {
          continue;
        }
        if (Files.exists(file)) {
          continue;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long t = System.nanoTime();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
            Files.newOutputStream(tmp)))) {
          out.writeInt(count);
          for (int i = 0; i < count; i++) {
            ToonClip clip = data.clip(seg, i);
            float[] z;
            try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
              scope.suppressNotUsedWarning();
              NDArray px = sm.create(clip.pixels(), new Shape(clip.frames(), 3, 64, 64));
              z = vae.encodeMean(px).toFloatArray();
            }
            out.writeInt(clip.texts().size());
            for (String s : clip.texts()) {
              out.writeUTF(s);
            }
            out.writeInt(z.length);
            for (float f : z) {
              out.writeFloat(f);
            }
          }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("latents: {} clips of {} segments in {} s", count, seg,
            (System.nanoTime() - t) / 1_000_000_000L);
      }
    }
  }

  /** Cached latents of one story length. */
  record Cache(List<float[]> latents, List<List<String>> texts) {
    static Cache read(Path file) throws IOException {
      List<float[]> z = new ArrayList<>();
      List<List<String>> texts = new ArrayList<>();
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(file)))) {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
          int n = in.readInt();
          List<String> t = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            t.add(in.readUTF());
          }
          float[] v = new float[in.readInt()];
          for (int k = 0; k < v.length; k++) {
            v[k] = in.readFloat();
          }
          z.add(v);
          texts.add(t);
        }
      }
      return new Cache(z, texts);
    }
  }

  // ---------------------------------------------------------------- denoiser

  /**
   * The denoiser's stages: a first round 3s → 9s → 18s, then (when {@code --more1} etc. are not
   * 0) a second round "3s-2" → "9s-2" → "18s-2" with a fresh warmup and peak {@code --lr2}. The
   * shipped model ran both rounds (the second was added after the first round's evaluation showed
   * an undertrained model); a plan is a list, so a longer first round would do the same work.
   */
  static List<StagePlan> plan(Options o) {
    if (o.from != null) {
      // a fine-tune: the given model already ran the first rounds
      return extraRounds(o).stream().map(ExtraRound::stage).toList();
    }
    List<StagePlan> plan = new ArrayList<>(List.of(
        new StagePlan("3s", 1, o.steps1, warmup(o.steps1, 50), o.lr, o.lr,
            o.lr / 10, ParameterSelection.sft()),
        new StagePlan("9s", 3, o.steps3, warmup(o.steps3, 20), o.lr / 2, o.lr / 2,
            o.lr / 10, ParameterSelection.qkvo()),
        new StagePlan("18s", 6, o.steps6, warmup(o.steps6, 5), o.lr / 4, o.lr / 4,
            o.lr / 10, ParameterSelection.qkvo())));
    if (o.more1 > 0) {
      plan.add(new StagePlan("3s-2", 1, o.more1, warmup(o.more1, 50), o.lr2, o.lr2,
          o.lr2 / 10, ParameterSelection.sft()));
    }
    if (o.more3 > 0) {
      plan.add(new StagePlan("9s-2", 3, o.more3, warmup(o.more3, 10), o.lr2 / 2, o.lr2 / 2,
          o.lr2 / 10, ParameterSelection.qkvo()));
    }
    if (o.more6 > 0) {
      plan.add(new StagePlan("18s-2", 6, o.more6, warmup(o.more6, 5), o.lr2 / 4, o.lr2 / 4,
          o.lr2 / 10, ParameterSelection.qkvo()));
    }
    // rounds 3 and 4 draw on caches of their own with many more different stories (the
    // first clips of the first rounds' caches and hundreds more)
    for (ExtraRound r : extraRounds(o)) {
      plan.add(r.stage());
    }
    return List.copyOf(plan);
  }

  static int warmup(int steps, int most) {
    return Math.max(0, Math.min(Math.min(most, steps / 10 + 1), steps - 1));
  }

  /**
   * Batches of cached latents: example b of a batch at {@code cursor} is cache entry {@code
   * (cursor + b) mod size} of the story length asked for.
   */
  static BatchSource cacheSource(Map<Integer, Cache> caches, ModelConfig config) {
    return cacheSource(caches, Map.of(), config);
  }

  /**
   * Like {@link #cacheSource(Map, ModelConfig)}, with some stages (rounds 3 and 4) drawing on
   * caches of their own.
   *
   * @param caches caches by story length
   * @param byStage caches by stage name (a stage not named here draws on its length's cache)
   * @param config the model config
   * @return the source
   */
  static BatchSource cacheSource(Map<Integer, Cache> caches, Map<String, Cache> byStage,
      ModelConfig config) {
    return cacheSource(caches, byStage, Map.of(), config);
  }

  /**
   * Single segments mixed into a multi-segment stage: every {@code every}-th batch comes from
   * {@code single}.
   *
   * @param every at least 2
   * @param single a cache of 1-segment clips
   */
  record Mix(int every, Cache single) {}

  /**
   * Like {@link #cacheSource(Map, Map, ModelConfig)}, with some stages mixing in single segments:
   * for a stage mixed every {@code k} batches, the batch at cursor {@code c} with {@code c mod k
   * == k - 1} holds clips of its single-segment cache (entry {@code c / k} onwards), the others
   * the stage's own clips. Deterministic in the cursor, so resumed runs see the same batches.
   *
   * @param caches caches by story length
   * @param byStage caches by stage name
   * @param mixes by stage name, the single segments it mixes in
   * @param config the model config
   * @return the source
   */
  static BatchSource cacheSource(Map<Integer, Cache> caches, Map<String, Cache> byStage,
      Map<String, Mix> mixes, ModelConfig config) {
    return cacheSource(caches, byStage, mixes, config, null);
  }

  /**
   * Like {@link #cacheSource(Map, Map, Map, ModelConfig)}, with loss weights: every batch carries
   * the {@link ForegroundWeights} of its clips ({@code [B, Nf, 1, h, w]}).
   *
   * @param caches caches by story length
   * @param byStage caches by stage name
   * @param mixes by stage name, the single segments it mixes in
   * @param config the model config
   * @param fg the weights, or null for none (the plain mean)
   * @return the source
   */
  static BatchSource cacheSource(Map<Integer, Cache> caches, Map<String, Cache> byStage,
      Map<String, Mix> mixes, ModelConfig config, ForegroundWeights fg) {
    return new BatchSource() {
      @Override
      public Batch batch(NDManager mgr, int segments, long cursor, int batch) {
        return from(caches.get(segments), mgr, segments, cursor, batch, config, fg);
      }

      @Override
      public Batch batch(NDManager mgr, StagePlan stage, long cursor, int batch) {
        Mix mix = mixes.get(stage.name());
        // the step's index in the data (cursor / batch) picks the mixed steps, so that every
        // K-th step mixes whatever the batch size (batch 1: the cursor itself, as before)
        long step = Math.floorDiv(cursor, (long) batch);
        if (mix != null && stage.segments() > 1
            && Math.floorMod(step, (long) mix.every()) == mix.every() - 1) {
          BatchSource.Batch b = from(mix.single(), mgr, 1,
              Math.floorDiv(step, (long) mix.every()) * batch, batch, config, fg);
          return new BatchSource.Batch(b.latents(), b.texts(), cursor + batch, b.weights());
        }
        Cache c = byStage.getOrDefault(stage.name(), caches.get(stage.segments()));
        return from(c, mgr, stage.segments(), cursor, batch, config, fg);
      }
    };
  }

  private static BatchSource.Batch from(Cache c, NDManager mgr, int segments, long cursor,
      int batch, ModelConfig config, ForegroundWeights fg) {
    Shape frame = new Shape(config.latentChannels(), config.latentHeight(),
        config.latentWidth());
    List<List<String>> texts = new ArrayList<>();
    int nf = 1 + 12 * segments;
    int cell = (int) (frame.get(1) * frame.get(2));
    float[] all = new float[Math.toIntExact(batch * nf * frame.size())];
    float[] w = fg == null ? null : new float[batch * nf * cell];
    for (int b = 0; b < batch; b++) {
      int i = (int) Math.floorMod(cursor + b, (long) c.latents().size());
      System.arraycopy(c.latents().get(i), 0, all, (int) (b * nf * frame.size()),
          (int) (nf * frame.size()));
      texts.add(c.texts().get(i));
      if (w != null) {
        System.arraycopy(fg.of(segments, i, texts.get(b)), 0, w, b * nf * cell, nf * cell);
      }
    }
    NDArray z = mgr.create(all, new Shape(batch, nf, frame.get(0), frame.get(1),
        frame.get(2)));
    NDArray weights = w == null ? null
        : mgr.create(w, new Shape(batch, nf, 1, frame.get(1), frame.get(2))); // [B, Nf, 1, h, w]
    return new BatchSource.Batch(z, texts, cursor + batch, weights);
  }

  static void denoiserPart(Options o, ModelConfig config, WordTokenizer tok) throws IOException {
    Map<Integer, Cache> caches = new HashMap<>();
    for (int seg : new int[] {1, 3, 6}) {
      if (o.from == null || Files.exists(latentFile(o, seg))) {
        caches.put(seg, Cache.read(latentFile(o, seg)));
      }
    }
    Map<String, Cache> byStage = new HashMap<>();
    // mixed-in single segments: round 3's cache when it trains single segments (more stories)
    Cache single = caches.get(1);
    for (ExtraRound r : extraRounds(o)) {
      Cache c = Cache.read(r.cacheFile(o.out));
      byStage.put(r.stageName(), c);
      if (r.segments() == 1) {
        single = c;
      }
    }
    Map<String, Mix> mixes = new HashMap<>();
    for (ExtraRound r : extraRounds(o)) {
      if (r.mixEvery() > 0 && r.segments() > 1) {
        mixes.put(r.stageName(), new Mix(r.mixEvery(), single));
      }
    }
    Map<String, float[]> init = readAll(config, o.out.resolve("init"));
    trainDenoiser(config, init, tok, caches, byStage, mixes, plan(o),
        o.out.resolve("denoiser"), o.seed,
        o.fgWeight > 0 ? new ForegroundWeights(o.fgWeight, config) : null, o.batch, o.ema,
        o.tShift);
  }

  /**
   * The denoiser's training loop as both toon commands run it: {@link DjlDenoiserTrainable} over
   * the cached latents, batch 1 (this overload), clip 1, checkpoints every 50 steps (2 kept), seed + 2, logs
   * every 10 steps; resumable from {@code dir}.
   *
   * @param config the model config
   * @param init initial values of every tensor
   * @param tok the vocabulary
   * @param caches latent caches by story length (every length the plan trains)
   * @param plan the stages
   * @param dir the run directory of the denoiser
   * @param seed the run's seed
   * @throws IOException if the run directory cannot be written
   */
  static void trainDenoiser(ModelConfig config, Map<String, float[]> init, WordTokenizer tok,
      Map<Integer, Cache> caches, List<StagePlan> plan, Path dir, long seed) throws IOException {
    trainDenoiser(config, init, tok, caches, Map.of(), Map.of(), plan, dir, seed, null, 1, 0,
        1.0);
  }

  /**
   * {@link #trainDenoiser(ModelConfig, Map, WordTokenizer, Map, List, Path, long)} with some
   * stages drawing on caches of their own.
   *
   * @param config the model config
   * @param init initial values of every tensor
   * @param tok the vocabulary
   * @param caches latent caches by story length
   * @param byStage caches by stage name (rounds 3 and 4)
   * @param mixes by stage name, the single segments it mixes in (round 4)
   * @param plan the stages
   * @param dir the run directory of the denoiser
   * @param seed the run's seed
   * @param fg loss weights of the clips ({@code --fg-weight}), or null for the plain mean
   * @param batch clips per optimizer step ({@code --batch}); a resumed run may change it, the
   *     cursor then advances by the new size
   * @param ema the decay of the parameter average kept with the checkpoints ({@code --ema}), 0
   *     for none
   * @param timestepShift the shift of the training timesteps towards high noise ({@code
   *     --t-shift}), 1 for none
   * @throws IOException if the run directory cannot be written
   */
  static void trainDenoiser(ModelConfig config, Map<String, float[]> init, WordTokenizer tok,
      Map<Integer, Cache> caches, Map<String, Cache> byStage, Map<String, Mix> mixes,
      List<StagePlan> plan, Path dir, long seed, ForegroundWeights fg, int batch, double ema,
      double timestepShift) throws IOException {
    java.util.Set<Integer> needed = new java.util.TreeSet<>();
    plan.forEach(s -> needed.add(s.segments()));
    if (!mixes.isEmpty()) {
      needed.add(1);
    }
    List<Integer> lengths = List.copyOf(needed);
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(config, init, tok, lengths, m);
      BatchSource source = cacheSource(caches, byStage, mixes, config, fg);
      Trainer trainer = Trainer.builder(model, dir)
          .stages(plan)
          .batchSource(source)
          .batchSize(batch)
          .clipNorm(1.0)
          .checkpointEvery(50)
          .keepCheckpoints(2)
          .seed(seed + 2)
          .logEvery(10)
          .ema(ema)
          .timestepShift(timestepShift)
          .build();
      Trainer.Result r = trainer.run();
      LOG.info("denoiser: {} after {} steps, last loss {}", r.stopped() ? "stopped" : "finished",
          r.globalStep(), r.lastLoss());
      Files.deleteIfExists(trainer.stopFile());
    }
  }

  // ---------------------------------------------------------------- export

  static Path export(Options o, ModelConfig config) throws IOException {
    Map<String, float[]> all = readAll(config, o.out.resolve("init"));
    Path vae = vaeModelDir(o);
    ModelConfig finalConfig = config;
    if (Files.exists(vae.resolve("model.safetensors"))) {
      // the VAE part's config: the init's, with vae_palette after the palette part
      finalConfig = ModelConfigReader.fromDirectory(vae);
      for (Map.Entry<String, float[]> e : readAll(finalConfig, vae).entrySet()) {
        if (e.getKey().startsWith("vae.")) {
          all.put(e.getKey(), e.getValue());
        }
      }
    }
    return writeFinal(o.out, config, all, finalConfig.withGuidance(o.guidance)
        .withSceneSetting(o.sceneSetting ? toonSceneSetting() : null)
        .withTextTokens(config.textTokensPerSegment()), !o.exportLast);
  }

  /**
   * Writes a run's {@code final/} model directory (both toon commands end with it): the newest
   * denoiser checkpoint of {@code RUN/denoiser/} over {@code all}, {@code model.safetensors} (F32
   * when under 18 MB, else F16), {@code config.json} of {@code shipped}, the vocabulary of {@code
   * RUN/init/}.
   *
   * @param run the run directory
   * @param config the config the denoiser was trained with
   * @param all every tensor; the checkpoint's replace the denoiser's and word embeddings
   * @param shipped the config written to {@code final/}
   * @return the model directory
   * @throws IOException if it cannot be written
   */
  static Path writeFinal(Path run, ModelConfig config, Map<String, float[]> all,
      ModelConfig shipped) throws IOException {
    return writeFinal(run, config, all, shipped, true);
  }

  /**
   * {@link #writeFinal(Path, ModelConfig, Map, ModelConfig)}, choosing between the checkpoint's
   * parameter average (when it holds one) and its last parameters.
   *
   * @param run the run directory
   * @param config the config the denoiser was trained with
   * @param all every tensor; the checkpoint's replace the denoiser's and word embeddings
   * @param shipped the config written to {@code final/}
   * @param average whether to export the parameter average when the checkpoint holds one
   * @return the model directory
   * @throws IOException if it cannot be written
   */
  static Path writeFinal(Path run, ModelConfig config, Map<String, float[]> all,
      ModelConfig shipped, boolean average) throws IOException {
    Path init = run.resolve("init");
    var latest = new Checkpoint(run.resolve("denoiser").resolve("checkpoints"), 2).latest();
    if (latest.isPresent()) {
      WordTokenizer tok = WordTokenizer.read(init.resolve(WordTokenizer.FILE_NAME));
      try (NDManager m = NDManager.newBaseManager()) {
        DjlDenoiserTrainable model = new DjlDenoiserTrainable(config, all, tok, List.of(), m);
        Checkpoint.restore(latest.get(), model.parameters(), null);
        boolean useAverage = average && Checkpoint.hasEma(latest.get());
        if (useAverage) {
          Checkpoint.restoreAverageInto(latest.get(), model.parameters());
        }
        all.putAll(toFloats(model.parameters()));
        LOG.info("export: denoiser from {} ({})", latest.get(),
            useAverage ? "parameter average" : "last parameters");
      }
    }
    Path fin = run.resolve("final");
    Files.createDirectories(fin);
    long values = 0;
    for (float[] v : all.values()) {
      values += v.length;
    }
    DType dtype = values * 4 < 18_000_000 ? DType.F32 : DType.F16;
    writeWeights(all, shipped, fin.resolve("model.safetensors"), dtype);
    Files.writeString(fin.resolve(ModelConfigReader.FILE_NAME), ModelConfigReader.toJson(shipped));
    Files.copy(init.resolve(WordTokenizer.FILE_NAME), fin.resolve(WordTokenizer.FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING);
    return fin;
  }
}
