package io.github.tttvideo.tck;

import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.VideoTttParams;

/**
 * Runs one TTT layer of a backend, with the backend's own tensors and kernels, on weights and
 * inputs the {@link BackendCompatibilityKit} chooses, so that the kit can compare it with
 * ttt-core's oracle ({@link io.github.tttvideo.core.ttt.VideoTttLayer} and {@link
 * io.github.tttvideo.core.ttt.BidirectionalTttBlock}).
 *
 * <p>A backend implements it by copying the parameters into its own weight format and running the
 * same code its denoiser runs for one layer. Every array is float32, row-major; D is {@code
 * params.config().width()}; token order is text-first ({@link TttSequence}).
 *
 * <pre>{@code
 * final class OnnxTttLayerProbe implements TttLayerProbe {
 *   public float[] layer(VideoTttParams p, TttSequence seq, float[] x, int batch) {
 *     try (OnnxTttLayer l = OnnxTttLayer.build(p)) {
 *       return l.run(x, batch, seq);
 *     }
 *   }
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface TttLayerProbe {

  /**
   * One forward pass of a TTT layer (Q/K/V projections, RoPE, the mini-batch scan of the inner
   * model, post LayerNorm and output projection) over the sequence in scan order.
   *
   * @param params the layer's parameters (config, projections, inner weights)
   * @param sequence the sequence metadata (segments, scan order, RoPE positions)
   * @param x input {@code [batch, L, D]}
   * @param batch B
   * @return output {@code [batch, L, D]}
   */
  float[] layer(VideoTttParams params, TttSequence sequence, float[] x, int batch);

  /**
   * The gated bidirectional block of a DiT layer: {@code Z = X + gate(TTT(X))}, then {@code Z' = Z
   * + gate(TTT'(Z))} with TTT' the same layer over the reversed sequence.
   *
   * @param params the layer's parameters, shared by both directions
   * @param gates the four gate vectors
   * @param sequence the sequence metadata
   * @param x input {@code [batch, L, D]}
   * @param batch B
   * @return Z' {@code [batch, L, D]}
   */
  float[] bidirectionalBlock(
      VideoTttParams params, TttGates gates, TttSequence sequence, float[] x, int batch);
}
