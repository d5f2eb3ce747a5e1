package io.github.tttvideo.api;

/**
 * A render was cancelled by its caller; no output file was left behind.
 *
 * @since 0.1.0
 */
public class RenderCancelledException extends TttException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for a person to read
   */
  public RenderCancelledException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure
   */
  public RenderCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
