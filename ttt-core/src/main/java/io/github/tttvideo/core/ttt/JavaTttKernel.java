package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The pure-Java TTT scan: dual form in float32, parallel over (batch, head) pairs.
 *
 * <pre>{@code
 * TttKernel kernel = new JavaTttKernel(2);
 * kernel.scan(config, input, initialWeights, out, null);
 * }</pre>
 *
 * <p>Each (batch, head) sequence runs on one thread with its own work buffers; the threads come
 * from a private {@link ForkJoinPool} of {@code threads} workers (daemon threads), or the calling
 * thread when {@code threads == 1}.
 *
 * @since 0.1.0
 */
public final class JavaTttKernel implements TttKernel {

  private final int threads;
  private volatile ForkJoinPool pool;

  /** A kernel using all available processors. */
  public JavaTttKernel() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A kernel with a fixed number of worker threads.
   *
   * @param threads worker threads (>= 1)
   */
  public JavaTttKernel(int threads) {
    if (threads < 1) {
      throw new InvalidInputException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
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
    return "java";
  }

  @Override
  public void scan(
      TttConfig config, TttScanInput input, InnerWeights initial, float[] out,
      InnerWeights finalState) {
    TttKernels.validate(config, input, initial, out, finalState);
    int tasks = input.batch() * input.heads();
    int h = input.heads();
    if (threads == 1 || tasks == 1) {
      HeadScanner s = new HeadScanner(config.variant(), input.miniBatch(), input.headDim());
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
                            new HeadScanner(config.variant(), input.miniBatch(), input.headDim())
                                .run(config, input, i / h, i % h, initial, out, finalState)))
        .join();
  }

  private ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(threads);
          pool = p;
        }
      }
    }
    return p;
  }
}
