package io.github.tttvideo.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures the peak memory of one piece of work in this process: the resident set (Java heap,
 * native PyTorch memory and everything else) and the Java heap.
 *
 * <ul>
 *   <li><b>Baseline</b>: {@code VmRSS} of {@code /proc/self/status} right after a requested
 *       garbage collection and glibc's {@code malloc_trim(0)} (called through JNA when it is on
 *       the class path, as it is with DJL), which hands memory that earlier work freed back to
 *       the system, so that it is not counted in the baseline.</li>
 *   <li><b>Peak resident set</b>: the kernel's high-water mark {@code VmHWM}, reset before the
 *       work by writing 5 to {@code /proc/self/clear_refs} (Linux 4.0+); a daemon thread also
 *       samples {@code VmRSS} every {@value #SAMPLE_MILLIS} ms, and the larger of the two is
 *       taken (the sampled value alone if the reset is not allowed).</li>
 *   <li><b>Peak heap</b>: the sum of the heap pools' peak usage, reset before the work; it
 *       includes garbage not yet collected, so it depends on when the collector runs.</li>
 * </ul>
 *
 * <p>Off Linux the resident-set values are NaN.
 */
final class PeakMemory implements AutoCloseable {
  static final int SAMPLE_MILLIS = 10;
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /**
   * What was measured, in MiB.
   *
   * @param baselineRss resident set before the work
   * @param peakRss peak resident set during the work
   * @param peakHeap peak Java heap during the work
   */
  record Result(double baselineRss, double peakRss, double peakHeap) {}

  private final boolean trimmed;
  private final double baselineKb;
  private final boolean hwmReset;
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long sampledPeakKb;

  private PeakMemory() {
    System.gc();
    trimmed = trimNativeHeap();
    baselineKb = readKb("VmRSS:");
    hwmReset = resetHighWaterMark();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    sampledPeakKb = (long) Math.max(0, baselineKb);
    sampler = new Thread(this::sample, "peak-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** {@return a measurement started now} */
  static PeakMemory start() {
    return new PeakMemory();
  }

  /**
   * Stops the measurement.
   *
   * @return the baseline and peaks
   */
  Result stop() {
    running = false;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    double peakKb = Math.max(sampledPeakKb, readKb("VmRSS:"));
    if (hwmReset) {
      peakKb = Math.max(peakKb, readKb("VmHWM:"));
    }
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    return new Result(baselineKb / 1024, Double.isNaN(baselineKb) ? Double.NaN : peakKb / 1024,
        heap / 1048576.0);
  }

  @Override
  public void close() {
    running = false;
  }

  private void sample() {
    while (running) {
      double kb = readKb("VmRSS:");
      if (!Double.isNaN(kb) && kb > sampledPeakKb) {
        sampledPeakKb = (long) kb;
      }
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** {@return whether malloc_trim(0) ran before the baseline was read} */
  boolean trimmed() {
    return trimmed;
  }

  /**
   * Calls glibc's {@code malloc_trim(0)} through JNA, reflectively: JNA comes with DJL and is not
   * a dependency of this module.
   */
  private static boolean trimNativeHeap() {
    try {
      Class<?> library = Class.forName("com.sun.jna.NativeLibrary");
      Object libc = library.getMethod("getInstance", String.class).invoke(null, "c");
      Object trim = library.getMethod("getFunction", String.class).invoke(libc, "malloc_trim");
      Class.forName("com.sun.jna.Function").getMethod("invokeInt", Object[].class)
          .invoke(trim, (Object) new Object[] {0});
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false;
    }
  }

  private static boolean resetHighWaterMark() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** A {@code kB} field of {@code /proc/self/status}, or NaN if it cannot be read. */
  static double readKb(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          return Double.parseDouble(line.substring(field.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
