package io.github.tttvideo.core.ttt;

/**
 * The inner model of a TTT layer.
 *
 * @since 0.1.0
 */
public enum TttVariant {
  /** {@code g(x) = x W1 + b1}, hidden size = head dim. */
  LINEAR,
  /** {@code g(x) = gelu(x W1 + b1) W2 + b2}, hidden size = 4 * head dim. */
  MLP
}
