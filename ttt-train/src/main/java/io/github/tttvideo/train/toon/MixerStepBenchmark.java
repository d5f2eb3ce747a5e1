package io.github.tttvideo.train.toon;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.BatchSource;
import io.github.tttvideo.train.DiffusionObjective;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.TrainRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seconds per training step of each sequence mixer at 3 and 6 segments: one {@link
 * TrainMixerMain} step (forward, backward, AdamW over the {@code qkvo} parameters, batch 1) over
 * the latent cache, with the mixers measured round-robin in one JVM so that a shared machine's
 * load falls on all of them alike. Prints a table of medians.
 *
 * <pre>
 * java -XX:MaxDirectMemorySize=6g -Dai.djl.offline=true -Dttt.djl.scan=ndarray -cp ... \
 *   io.github.tttvideo.train.toon.MixerStepBenchmark /work/runs/toon/final /work/runs/toon 5
 * </pre>
 *
 * <p>Arguments: base model directory, run directory with {@code latents/}, repetitions [5] (plus
 * one warm-up step per mixer and length, not counted).
 *
 * @since 0.1.0
 */
public final class MixerStepBenchmark {

  private MixerStepBenchmark() {}

  /**
   * Entry point.
   *
   * @param args {@code BASE_DIR RUN_DIR [REPS]}
   * @throws Exception if a model or the cache cannot be read
   */
  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    TrainToonMain.Options toon = new TrainToonMain.Options();
    toon.out = Path.of(args[1]);
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ModelConfig baseConfig = ModelConfigReader.fromDirectory(base);
    Map<String, float[]> baseValues = DjlModels.readWeights(baseConfig, base);
    WordTokenizer tok = WordTokenizer.read(base.resolve(WordTokenizer.FILE_NAME));
    Map<Integer, TrainToonMain.Cache> caches = new HashMap<>();
    int[] lengths = {3, 6};
    for (int seg : lengths) {
      caches.put(seg, TrainToonMain.Cache.read(TrainToonMain.latentFile(toon, seg)));
    }
    SequenceMixer[] mixers = SequenceMixer.values();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager()) {
      List<DjlDenoiserTrainable> models = new ArrayList<>();
      List<AdamW> opts = new ArrayList<>();
      for (SequenceMixer mixer : mixers) {
        ModelConfig c = TrainMixerMain.config(baseConfig, mixer, 1);
        Map<String, float[]> init = TrainMixerMain.initialWeights(baseConfig, baseValues, c, 42,
            new ArrayList<>());
        DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, init, tok, List.of(3, 6), m);
        model.parameters().select(ParameterSelection.qkvo());
        AdamW opt = new AdamW(m, model.parameters(), AdamW.referenceGroups(model.parameters()),
            AdamW.REFERENCE_BETA1, AdamW.REFERENCE_BETA2, AdamW.REFERENCE_EPS, 1.0);
        for (String g : opt.lrs().keySet()) {
          opt.setLr(g, 1e-5);
        }
        models.add(model);
        opts.add(opt);
      }
      DiffusionObjective objective = new DiffusionObjective();
      TrainRandom rng = new TrainRandom(7);
      for (int r = 0; r <= reps; r++) {
        for (int seg : lengths) {
          for (int i = 0; i < mixers.length; i++) {
            BatchSource source = TrainToonMain.cacheSource(caches, models.get(i).config());
            long t0 = System.nanoTime();
            try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
              scope.suppressNotUsedWarning();
              BatchSource.Batch batch = source.batch(sm, seg, r, 1);
              NDArray x0 = batch.latents().stopGradient();
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = objective.loss(models.get(i)::forward, x0, batch.texts(), rng).loss();
                gc.backward(l);
              }
              if (Double.isFinite(opts.get(i).gradientNorm())) {
                opts.get(i).step();
              } else {
                opts.get(i).resetGradients();
              }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
              times.computeIfAbsent(mixers[i].jsonName() + "@" + seg, k -> new ArrayList<>())
                  .add(s);
            }
          }
        }
      }
      for (AdamW o : opts) {
        o.close();
      }
    }
    System.out.println("seconds per training step (median of " + reps + ", batch 1, qkvo)");
    System.out.println(String.format(Locale.ROOT, "%-12s %12s %12s", "mixer", "3 segments",
        "6 segments"));
    for (SequenceMixer mixer : mixers) {
      System.out.println(String.format(Locale.ROOT, "%-12s %12.2f %12.2f", mixer.jsonName(),
          median(times.get(mixer.jsonName() + "@3")), median(times.get(mixer.jsonName() + "@6"))));
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
