package io.github.tttvideo.core.weights;

import io.github.tttvideo.api.ModelLoadException;

/**
 * The tensors of a checkpoint do not match what a model expects: a missing tensor, an unexpected
 * one, or a wrong shape. The message names the first mismatch, for instance {@code tensor
 * blocks.0.attn.wq.weight: expected [128, 128], found [128, 64]}.
 *
 * @since 0.1.0
 */
public class WeightMismatchException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  /** The tensor at fault. */
  private final String tensor;

  /**
   * Creates the exception.
   *
   * @param tensor the name of the tensor at fault
   * @param message the full message, naming the tensor and the mismatch
   */
  public WeightMismatchException(String tensor, String message) {
    super(message);
    this.tensor = tensor;
  }

  /**
   * The tensor at fault.
   *
   * @return its name
   */
  public String tensor() {
    return tensor;
  }
}
