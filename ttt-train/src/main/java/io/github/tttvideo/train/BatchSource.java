package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Supplies clean latents directly (for instance from a cache of encoded clips), instead of the
 * trainer rendering clips and calling {@link TrainableModel#encode}. Must be deterministic in
 * (segments, cursor, batchSize) so that resumed runs see the same data.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchSource {
  /**
   * A batch of clean latents.
   *
   * @param latents [B, ...] float32 clean latents, created in the given manager
   * @param texts per example, per segment prompts
   * @param nextCursor the cursor of the following batch
   * @param weights per-position weights of the loss, broadcastable to the latents (for instance
   *     [B, Nf, 1, h, w]), or null for the plain mean
   */
  record Batch(NDArray latents, List<List<String>> texts, long nextCursor, NDArray weights) {

    /**
     * A batch without loss weights.
     *
     * @param latents see the record
     * @param texts see the record
     * @param nextCursor see the record
     */
    public Batch(NDArray latents, List<List<String>> texts, long nextCursor) {
      this(latents, texts, nextCursor, null);
    }
  }

  /**
   * Builds the batch at a cursor.
   *
   * @param manager where to create the arrays (closed at the end of the step)
   * @param segments segments per clip
   * @param cursor index of the first example
   * @param batchSize examples
   * @return the batch
   */
  Batch batch(NDManager manager, int segments, long cursor, int batchSize);

  /**
   * Builds the batch of a stage at a cursor: what the trainer calls. The default serves every
   * stage by its story length ({@link #batch(NDManager, int, long, int)}); a source whose stages
   * draw on different data (for instance a later round over a larger clip set) overrides it.
   *
   * @param manager where to create the arrays (closed at the end of the step)
   * @param stage the stage being trained
   * @param cursor index of the first example
   * @param batchSize examples
   * @return the batch
   */
  default Batch batch(NDManager manager, StagePlan stage, long cursor, int batchSize) {
    return batch(manager, stage.segments(), cursor, batchSize);
  }
}
