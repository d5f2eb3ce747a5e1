package io.github.tttvideo.backend.djl.bench;

import ai.djl.pytorch.jni.JniUtils;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.DjlVideoModel;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.DenoiseInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of one denoiser evaluation on the DJL backend (not a test): a randomly initialised
 * model of a preset (default {@code toon}) at 3 s, 18 s and 63 s (1, 6 and 21 segments), with the
 * time spent in the TTT layers measured separately (the forward and reversed TTT calls of every
 * layer, gates excluded).
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl backend-djl -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
 *     -cp "backend-djl/target/test-classes:backend-djl/target/classes:$(cat backend-djl/target/cp.txt)" \
 *     io.github.tttvideo.backend.djl.bench.DenoiserBenchmark [preset=toon] [threads=1] \
 *     [segments=1,6,21] [steps=3] [warmup=2] [scan=kernel|ndarray]
 * </pre>
 */
public final class DenoiserBenchmark {

  private DenoiserBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code key=value} options
   * @throws Exception on I/O errors
   */
  public static void main(String[] args) throws Exception {
    String preset = "toon";
    int threads = 1;
    int[] segments = {1, 6, 21};
    int steps = 3;
    int warmup = 2;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "preset" -> preset = kv[1];
        case "threads" -> threads = Integer.parseInt(kv[1]);
        case "segments" -> segments = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt)
            .toArray();
        case "steps" -> steps = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "scan" -> System.setProperty(DjlBackendProvider.SCAN_PROPERTY, kv[1]);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    ModelConfig config = ModelConfig.preset(preset);
    Path dir = Files.createTempDirectory("ttt-bench");
    DjlModels.initialize(config, 42, dir);
    System.out.printf(Locale.ROOT, "model %s: D=%d, H=%d, layers=%d, TTT-%s K=%d, S=%d tokens/frame;"
        + " %d intra-op threads; TTT scan %s; median of %d steps after %d warm-up%n",
        config.name(), config.width(), config.heads(), config.layers(), config.tttVariant(),
        config.miniBatch(), config.tokensPerFrame(), threads,
        System.getProperty(DjlBackendProvider.SCAN_PROPERTY, "kernel"), steps, warmup);
    System.out.println("| video | segments | tokens L | ms / step | TTT ms / step | TTT share |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    try (DjlVideoModel model = (DjlVideoModel) new DjlBackendProvider().load(dir,
        new BackendOptions("cpu", threads, "float32"))) {
      System.err.println("threads in use: " + JniUtils.getNumThreads());
      for (int n : segments) {
        SequenceLayout layout = SequenceLayout.of(n, config);
        int tt = layout.textTokensPerSegment();
        float[] text = new float[n * tt * config.textDim()];
        for (int i = 0; i < n; i++) {
          float[] e = model.textEncoder().encode("Tom chases Jerry to the left.", tt);
          System.arraycopy(e, 0, text, i * e.length, e.length);
        }
        Random r = new Random(n);
        float[] z = new float[layout.latentFrames() * config.latentChannels()
            * config.latentHeight() * config.latentWidth()];
        for (int i = 0; i < z.length; i++) {
          z[i] = (float) r.nextGaussian();
        }
        DenoiseInput in = new DenoiseInput(z, layout.latentFrames(), text, n, tt, 500);
        long[] ttt = new long[1];
        for (int i = 0; i < warmup; i++) {
          model.predictVelocity(in);
        }
        double[] total = new double[steps];
        double[] inTtt = new double[steps];
        for (int i = 0; i < steps; i++) {
          ttt[0] = 0;
          long t0 = System.nanoTime();
          model.predictVelocity(in, (a, b) -> ttt[0] += b - a);
          total[i] = (System.nanoTime() - t0) / 1e6;
          inTtt[i] = ttt[0] / 1e6;
        }
        double ms = median(total);
        double tms = median(inTtt);
        System.out.printf(Locale.ROOT, "| %d s | %d | %d | %.0f | %.0f | %.0f %% |%n", 3 * n, n,
            layout.totalTokens(), ms, tms, 100 * tms / ms);
      }
    }
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
