package io.github.tttvideo.api;

/**
 * The caller's input is wrong: an illegal argument, shape or value, a malformed storyboard, a bad weights file. The message names the field or value at fault. The command-line program exits with status 2 for these.
 *
 * @since 0.1.0
 */
public class InvalidInputException extends TttException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for a person to read
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
