package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link TttKernel} implementations and validates scan arguments.
 *
 * <p>Discovery: {@link ServiceLoader}; the system property {@code ttt.kernel} pins a kernel by
 * name; otherwise the highest {@link TttKernel#rank()} wins. The pure-Java kernel is always
 * available as the fallback. A provider that fails to load is logged and skipped; one whose
 * constructor throws {@link BackendUnavailableException} (e.g. the Vector API kernel on a JVM
 * started without {@code --add-modules jdk.incubator.vector}) is skipped quietly (debug level).
 *
 * @since 0.1.0
 */
public final class TttKernels {

  private static final Logger LOG = LoggerFactory.getLogger(TttKernels.class);

  /** System property that pins a kernel by {@link TttKernel#name()}. */
  public static final String PIN_PROPERTY = "ttt.kernel";

  private TttKernels() {}

  /**
   * The kernel to use: the pinned one, else the highest-ranked discovered one, else the pure-Java
   * kernel.
   *
   * @return a kernel
   * @throws InvalidInputException if {@code ttt.kernel} names a kernel that was not found
   */
  public static TttKernel load() {
    List<TttKernel> found = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    var it = ServiceLoader.load(TttKernel.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        // LinkageError: a provider class that links against a module this JVM lacks (e.g. an
        // incubator module not added with --add-modules) fails in the iterator, not in a
        // constructor, and ServiceLoader does not wrap that
        skipped.add(skipped(e));
      }
    }
    if (found.stream().noneMatch(k -> k instanceof JavaTttKernel)) {
      found.add(new JavaTttKernel());
    }
    String pin = System.getProperty(PIN_PROPERTY);
    if (pin != null && !pin.isBlank()) {
      for (TttKernel k : found) {
        if (k.name().equals(pin)) {
          return k;
        }
      }
      throw new InvalidInputException(
          PIN_PROPERTY + "=" + pin + " names no kernel; found "
              + found.stream().map(TttKernel::name).toList()
              + (skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped)));
    }
    return found.stream().max(Comparator.comparingInt(TttKernel::rank)).orElseThrow();
  }

  /**
   * Logs a provider that could not be loaded: at debug level when it said itself that its backend
   * is unavailable on this JVM (an optional kernel without its runtime prerequisite), else as a
   * warning. Returns the reason, for the error message of a pin that names no kernel.
   */
  private static String skipped(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof BackendUnavailableException) {
      LOG.debug("skipping a TttKernel provider: {}", cause.getMessage());
      return cause.getMessage();
    }
    String why = e + (cause == e ? "" : " (" + cause + ")");
    LOG.warn("skipping a TttKernel provider that failed to load: {}", why);
    return why;
  }

  /**
   * Checks that the arguments of {@link TttKernel#scan} agree with each other.
   *
   * @param config configuration
   * @param input scan inputs
   * @param initial initial weights (H slots)
   * @param out output buffer [B, L, H, d]
   * @param finalState final-state buffer (B*H slots) or null
   * @throws InvalidInputException naming the first mismatch
   */
  public static void validate(
      TttConfig config, TttScanInput input, InnerWeights initial, float[] out,
      InnerWeights finalState) {
    if (input.headDim() != config.headDim()) {
      throw new InvalidInputException(
          "head dim mismatch: input has " + input.headDim() + ", config has " + config.headDim());
    }
    if (input.heads() != config.heads()) {
      throw new InvalidInputException(
          "heads mismatch: input has " + input.heads() + ", config has " + config.heads());
    }
    if (input.miniBatch() != config.miniBatch()) {
      throw new InvalidInputException(
          "mini-batch size mismatch: input has " + input.miniBatch() + ", config has "
              + config.miniBatch());
    }
    if (initial.variant() != config.variant()
        || initial.headDim() != config.headDim()
        || initial.hidden() != config.innerHidden()
        || initial.slots() != config.heads()) {
      throw new InvalidInputException(
          "initial inner weights " + initial + " do not match the config (" + config.variant()
              + ", heads=" + config.heads() + ", d=" + config.headDim() + ", F="
              + config.innerHidden() + ")");
    }
    long outLen = (long) input.batch() * input.length() * input.heads() * input.headDim();
    if (out == null || out.length != outLen) {
      throw new InvalidInputException(
          "output buffer must have " + outLen + " elements, got "
              + (out == null ? "null" : out.length));
    }
    if (finalState != null
        && (finalState.slots() != input.batch() * input.heads()
            || finalState.variant() != config.variant()
            || finalState.hidden() != config.innerHidden()
            || finalState.headDim() != config.headDim())) {
      throw new InvalidInputException(
          "final-state buffer " + finalState + " must have B*H = " + input.batch() * input.heads()
              + " slots of " + config.variant() + " weights");
    }
  }
}
