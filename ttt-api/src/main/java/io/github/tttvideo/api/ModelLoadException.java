package io.github.tttvideo.api;

/**
 * A model could not be loaded (missing or inconsistent files, mismatched tensors).
 *
 * @since 0.1.0
 */
public class ModelLoadException extends TttException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for a person to read
   */
  public ModelLoadException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure
   */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
