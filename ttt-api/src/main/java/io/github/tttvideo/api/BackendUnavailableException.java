package io.github.tttvideo.api;

/**
 * No backend or codec could be found or loaded; the message names what was found and which artifact to add.
 *
 * @since 0.1.0
 */
public class BackendUnavailableException extends TttException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for a person to read
   */
  public BackendUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure
   */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
