package io.github.tttvideo.simd;

import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttKernels;
import io.github.tttvideo.core.ttt.TttScanInput;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The TTT scan on the JDK Vector API: the same dual/primal scan as {@code JavaTttKernel}, with
 * register-blocked SIMD matrix products, LayerNorm rows and GELU.
 *
 * <pre>{@code
 * // java --add-modules jdk.incubator.vector ...
 * TttKernel kernel = new VectorTttKernel(2);
 * kernel.scan(config, input, initialWeights, out, null);
 * }</pre>
 *
 * <p>Needs the incubating module {@code jdk.incubator.vector} in the boot layer ({@code java
 * --add-modules jdk.incubator.vector}). Without it the constructor throws {@link
 * BackendUnavailableException}, so {@link TttKernels#load()} skips this provider and falls back to
 * the pure-Java kernel. This class itself touches no Vector API type: the work is done by a
 * package-private scanner loaded only once the module is known to be there.
 *
 * <p>Name {@code "vector"} (pin with {@code -Dttt.kernel=vector}), rank 10. Each (batch, head)
 * sequence runs on one thread with its own work buffers, on a private {@link ForkJoinPool} of
 * {@code threads} daemon workers, or on the calling thread when {@code threads == 1}.
 *
 * @since 0.1.0
 */
public final class VectorTttKernel implements TttKernel {

  /** The module this kernel needs at run time. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private final int threads;
  private volatile ForkJoinPool pool;

  /**
   * A kernel using all available processors (the constructor {@link java.util.ServiceLoader}
   * calls).
   *
   * @throws BackendUnavailableException if {@code jdk.incubator.vector} is not loaded
   */
  public VectorTttKernel() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A kernel with a fixed number of worker threads.
   *
   * @param threads worker threads (>= 1)
   * @throws BackendUnavailableException if {@code jdk.incubator.vector} is not loaded
   */
  public VectorTttKernel(int threads) {
    if (threads < 1) {
      throw new InvalidInputException("threads must be >= 1, got " + threads);
    }
    if (!isAvailable()) {
      throw new BackendUnavailableException(
          "the vector TTT kernel needs the JDK module " + VECTOR_MODULE
              + ": run java with --add-modules " + VECTOR_MODULE);
    }
    this.threads = threads;
  }

  /**
   * Whether the Vector API module is in the boot layer of this JVM.
   *
   * @return true when {@code java} ran with {@code --add-modules jdk.incubator.vector}
   */
  public static boolean isAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * Worker threads.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int rank() {
    return 10;
  }

  @Override
  public void scan(
      TttConfig config, TttScanInput input, InnerWeights initial, float[] out,
      InnerWeights finalState) {
    TttKernels.validate(config, input, initial, out, finalState);
    int tasks = input.batch() * input.heads();
    int h = input.heads();
    if (threads == 1 || tasks == 1) {
      VectorHeadScanner s =
          new VectorHeadScanner(config.variant(), input.miniBatch(), input.headDim());
      for (int i = 0; i < tasks; i++) {
        s.run(config, input, i / h, i % h, initial, out, finalState);
      }
      return;
    }
    pool()
        .submit(
            () ->
                IntStream.range(0, tasks)
                    .parallel()
                    .forEach(
                        i ->
                            new VectorHeadScanner(
                                    config.variant(), input.miniBatch(), input.headDim())
                                .run(config, input, i / h, i % h, initial, out, finalState)))
        .join();
  }

  private ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(threads, daemonFactory(), null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonFactory() {
    return fjp -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
      t.setDaemon(true);
      t.setName("ttt-vector-" + t.getPoolIndex());
      return t;
    };
  }
}
