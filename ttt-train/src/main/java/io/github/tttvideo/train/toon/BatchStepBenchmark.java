package io.github.tttvideo.train.toon;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.BatchSource;
import io.github.tttvideo.train.DiffusionObjective;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.StagePlan;
import io.github.tttvideo.train.TrainRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seconds per denoiser training step against the batch size ({@code TrainToonMain --batch}): one
 * step (forward, backward, AdamW over every parameter) on single-segment clips of a latent cache,
 * the batch sizes measured round-robin in one JVM so that a shared machine's load falls on all of
 * them alike. Prints a table of medians, per step and per clip. Batch 1 is what the toon model's
 * rounds 1 to 4 ran with.
 *
 * <pre>
 * java -XX:MaxDirectMemorySize=6g -Dai.djl.offline=true -Dttt.djl.scan=ndarray \
 *   -Dai.djl.pytorch.num_threads=1 -cp ... \
 *   io.github.tttvideo.train.toon.BatchStepBenchmark MODEL_DIR CACHE.bin [REPS] [SIZES]
 * </pre>
 *
 * <p>Arguments: model directory (config, weights, vocabulary), a latent cache of single-segment
 * clips ({@code RUN/latents/seg1.bin}), repetitions [5] (plus one warm-up step per size, not
 * counted), batch sizes as a comma list [1,4,8,16].
 *
 * @since 0.1.0
 */
public final class BatchStepBenchmark {

  private BatchStepBenchmark() {}

  /**
   * Entry point.
   *
   * @param args {@code MODEL_DIR CACHE [REPS] [SIZES]}
   * @throws Exception if the model or the cache cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: BatchStepBenchmark MODEL_DIR CACHE.bin [REPS] [SIZES]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    TrainToonMain.Cache cache = TrainToonMain.Cache.read(Path.of(args[1]));
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int[] sizes = args.length > 3
        ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 4, 8, 16};
    ModelConfig config = ModelConfigReader.fromDirectory(dir);
    Map<String, float[]> values = DjlModels.readWeights(config, dir);
    WordTokenizer tok = WordTokenizer.read(dir.resolve(WordTokenizer.FILE_NAME));
    StagePlan stage = new StagePlan("3s", 1, 2, 1, 1e-5, 1e-5, 1e-6, ParameterSelection.sft());
    List<List<Double>> times = new ArrayList<>();
    for (int ignored : sizes) {
      times.add(new ArrayList<>());
    }
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(config, values, tok, List.of(1), m);
      model.parameters().select(ParameterSelection.sft());
      BatchSource source = TrainToonMain.cacheSource(Map.of(1, cache), config);
      DiffusionObjective objective = new DiffusionObjective();
      TrainRandom rng = new TrainRandom(7);
      try (AdamW opt = new AdamW(m, model.parameters(),
          AdamW.referenceGroups(model.parameters()), AdamW.REFERENCE_BETA1,
          AdamW.REFERENCE_BETA2, AdamW.REFERENCE_EPS, 1.0)) {
        for (String g : opt.lrs().keySet()) {
          opt.setLr(g, 1e-6);
        }
        long cursor = 0;
        for (int r = 0; r <= reps; r++) {
          for (int i = 0; i < sizes.length; i++) {
            long t0 = System.nanoTime();
            try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
              scope.suppressNotUsedWarning();
              BatchSource.Batch batch = source.batch(sm, stage, cursor, sizes[i]);
              cursor = batch.nextCursor();
              NDArray x0 = batch.latents().stopGradient(); // [B, Nf, C, h, w]
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = objective.loss(model::forward, x0, batch.texts(), rng).loss();
                gc.backward(l);
              }
              if (Double.isFinite(opt.gradientNorm())) {
                opt.step();
              } else {
                opt.resetGradients();
              }
            }
            if (r > 0) {
              times.get(i).add((System.nanoTime() - t0) / 1e9);
            }
          }
        }
      }
    }
    System.out.println("seconds per training step of single segments (median of " + reps
        + ", every parameter)");
    System.out.println(String.format(Locale.ROOT, "%-8s %12s %12s", "batch", "per step",
        "per clip"));
    for (int i = 0; i < sizes.length; i++) {
      double s = median(times.get(i));
      System.out.println(String.format(Locale.ROOT, "%-8d %12.2f %12.3f", sizes[i], s,
          s / sizes[i]));
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
