package io.github.tttvideo.examples.bench;

import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttMath;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.simd.VectorTttKernel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of the TTT scan forward (not a test): B = 1, 8 heads, head dim 64, mini-batch 64,
 * 4096 tokens, TTT-MLP and TTT-Linear, for several kernels ({@code java}: the pure-Java kernel,
 * {@code vector}: the Vector API kernel of ttt-simd) and thread counts.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -B -q -o -pl examples -am package -DskipTests
 * java --add-modules jdk.incubator.vector \
 *     -cp "examples/target/ttt-video.jar:examples/target/lib/*" \
 *     io.github.tttvideo.examples.bench.TttScanBenchmark [kernels=java,vector] [threads=1,2] \
 *     [runs=9] [warmup=3] [ops=mlp,linear]
 * </pre>
 *
 * <p>Without {@code --add-modules jdk.incubator.vector} the vector kernel is reported as
 * unavailable and skipped.
 *
 * <pre>
 * </pre>
 *
 * <p>FLOP counts are the matrix products of docs/performance-notes.md per (head, mini-batch):
 * TTT-MLP {@code 14KdD + 6K^2 D + 6K^2 d} with D = 4d; TTT-Linear {@code 6Kd^2 + 6K^2 d}.
 */
public final class TttScanBenchmark {

  private TttScanBenchmark() {}

  /**
   * Entry point.
   *
   * @param args optional {@code kernels=java,vector threads=1,2 runs=9 warmup=3 tokens=4096
   *     heads=8 d=64 k=64 ops=mlp,linear}
   */
  public static void main(String[] args) {
    int[] threads = {1, 2};
    int runs = 9;
    int warmup = 3;
    int tokens = 4096;
    int heads = 8;
    int d = 64;
    int kk = 64;
    TttVariant[] ops = {TttVariant.MLP, TttVariant.LINEAR};
    String[] kernels = {"java", "vector"};
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "threads" -> threads = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt)
            .toArray();
        case "kernels" -> kernels = kv[1].split(",");
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "tokens" -> tokens = Integer.parseInt(kv[1]);
        case "heads" -> heads = Integer.parseInt(kv[1]);
        case "d" -> d = Integer.parseInt(kv[1]);
        case "k" -> kk = Integer.parseInt(kv[1]);
        case "ops" -> ops = Arrays.stream(kv[1].split(","))
            .map(o -> TttVariant.valueOf(o.toUpperCase(Locale.ROOT))).toArray(TttVariant[]::new);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    System.out.printf(Locale.ROOT, "TTT scan forward, float32: B=1 H=%d d=%d K=%d"
        + " L=%d, %d runs after %d warm-up, %d CPUs, Java %s, load average %.2f%n", heads, d, kk,
        tokens, runs, warmup, Runtime.getRuntime().availableProcessors(), Runtime.version(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (Arrays.asList(kernels).contains("vector") && !VectorTttKernel.isAvailable()) {
      System.out.println("vector kernel unavailable (run java with --add-modules "
          + VectorTttKernel.VECTOR_MODULE + "): skipped");
      kernels = Arrays.stream(kernels).filter(k -> !k.equals("vector")).toArray(String[]::new);
    }
    System.out.println(
        "| op | kernel | threads | FLOP (G) | median ms | min ms | median CPU ms | tokens/s"
            + " | GFLOP/s | executed GFLOP/s |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (TttVariant v : ops) {
      for (String kernel : kernels) {
        for (int t : threads) {
          run(v, kernel, t, runs, warmup, tokens, heads, d, kk);
        }
      }
    }
    System.out.printf(Locale.ROOT, "load average after: %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * FLOP the kernel actually executes here: with equal eta rows it takes the primal path, which
   * has no K x K products (MLP 14KdD, Linear 6Kd^2 per head and mini-batch).
   */
  static double executedFlop(TttVariant v, int heads, int chunks, int kk, int d) {
    double k = kk;
    double per = v == TttVariant.MLP ? 14 * k * d * (4.0 * d) : 6 * k * d * d;
    return per * heads * chunks;
  }

  /** FLOP of the matrix products, per performance-notes.md. */
  static double flop(TttVariant v, int heads, int chunks, int kk, int d) {
    double k = kk;
    double per;
    if (v == TttVariant.MLP) {
      double big = 4.0 * d;
      per = 14 * k * d * big + 6 * k * k * big + 6 * k * k * d;
    } else {
      per = 6 * k * d * d + 6 * k * k * d;
    }
    return per * heads * chunks;
  }

  private static TttKernel kernel(String name, int threads) {
    return switch (name) {
      case "java" -> new JavaTttKernel(threads);
      case "vector" -> new VectorTttKernel(threads);
      default -> throw new IllegalArgumentException("unknown kernel " + name);
    };
  }

  private static void run(TttVariant v, String kernelName, int threads, int runs, int warmup,
      int tokens, int heads, int d, int kk) {
    int nc = tokens / kk;
    TttConfig cfg = new TttConfig(v, heads, d, kk, v == TttVariant.MLP ? 0.1 : 1.0, 1e-6, 1e-6,
        false, false, 10000.0);
    Random rnd = new Random(42);
    int n = heads * tokens * d;
    float[] q = unit(rnd, n, d);
    float[] k = unit(rnd, n, d);
    float[] val = gauss(rnd, n);
    float[] eta = new float[heads * nc * kk * kk];
    for (int blk = 0; blk < heads * nc; blk++) {
      for (int j = 0; j < kk; j++) {
        float e = (float) (cfg.baseLr() * TttMath.sigmoid(rnd.nextGaussian()) / d / kk);
        for (int i = 0; i < kk; i++) {
          eta[(blk * kk + i) * kk + j] = e;
        }
      }
    }
    float[] ones = new float[heads * d];
    Arrays.fill(ones, 1f);
    TttScanInput in = new TttScanInput(1, heads, nc, kk, d, q, k, val, eta, ones,
        new float[heads * d]);
    InnerWeights w0 = InnerWeights.init(v, heads, d, rnd);
    TttKernel kernel = kernel(kernelName, threads);
    float[] out = new float[n];
    List<Double> ms = new ArrayList<>();
    List<Double> cpuMs = new ArrayList<>();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < warmup + runs; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      kernel.scan(cfg, in, w0, out, null);
      double dt = (System.nanoTime() - t0) / 1e6;
      double dc = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
      if (r >= warmup) {
        ms.add(dt);
        cpuMs.add(dc);
      }
    }
    ms.sort(null);
    cpuMs.sort(null);
    double median = ms.get(ms.size() / 2);
    // with one thread the scan runs on the calling thread, so its CPU time is the work itself
    String cpu = threads == 1 ? String.format(Locale.ROOT, "%.1f", cpuMs.get(cpuMs.size() / 2))
        : "-";
    double fl = flop(v, heads, nc, kk, d);
    double exec = executedFlop(v, heads, nc, kk, d);
    System.out.printf(Locale.ROOT,
        "| ttt_%s | %s | %d | %.3f | %.1f | %.1f | %s | %.0f | %.1f | %.1f |%n",
        v.name().toLowerCase(Locale.ROOT), kernelName, threads, fl / 1e9, median, ms.get(0), cpu,
        tokens / (median / 1e3), fl / (median / 1e3) / 1e9, exec / (median / 1e3) / 1e9);
  }

  private static float[] gauss(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  private static float[] unit(Random rnd, int n, int d) {
    float[] a = gauss(rnd, n);
    for (int r = 0; r < n / d; r++) {
      TttMath.l2Normalize(a, r * d, d, 1e-12);
    }
    return a;
  }
}
