package io.github.tttvideo.core.ttt;

/**
 * Service-provider interface for the TTT mini-batch scan over {@code [B, H, NC, K, d]} inputs.
 *
 * <p>A backend can supply a faster scan by implementing this interface and listing the class in
 * {@code META-INF/services/io.github.tttvideo.core.ttt.TttKernel}; {@link TttKernels#load()} picks
 * one. The pure-Java implementation is {@link JavaTttKernel}. Implementations compute the dual
 * form of reference section 2.7 (with lower-triangular masks when {@link TttConfig#causal()}), and
 * must accept any input that {@link TttKernels#validate} accepts.
 *
 * @since 0.1.0
 */
public interface TttKernel {

  /**
   * Name used to pin a kernel with the system property {@code ttt.kernel}.
   *
   * @return a short name, e.g. {@code "java"}
   */
  String name();

  /**
   * Rank among discovered kernels; the highest wins when none is pinned.
   *
   * @return the rank (the pure-Java kernel has 0)
   */
  default int rank() {
    return 0;
  }

  /**
   * Runs the scan. Inputs were validated by the caller ({@link TttKernels#validate}).
   *
   * @param config layer configuration (variant, K, inner LN eps, causal)
   * @param input scan inputs
   * @param initial initial inner weights, one slot per head (shared by every batch element)
   * @param out output {@code [B, L, H, d]} (token-major, heads concatenated): {@code q + LN(g(q;
   *     W))} for every token in scan order
   * @param finalState receives the weights after the last mini-batch, one slot per (b, h); may be
   *     {@code null}
   */
  void scan(
      TttConfig config, TttScanInput input, InnerWeights initial, float[] out,
      InnerWeights finalState);
}
