package io.github.tttvideo.api;

/**
 * Root of every exception thrown by ttt-video.
 *
 * <p>Unchecked on purpose: most failures (a malformed storyboard, a missing backend, a model that
 * does not load) cannot be handled where they are thrown. Catch this type to handle them all, or a
 * subclass for one kind:
 *
 * <ul>
 *   <li>{@link InvalidInputException}: the caller's input is wrong (bad arguments, a malformed
 *       storyboard or weights file); fixing the input fixes the call;
 *   <li>{@link BackendUnavailableException}: no backend or codec could be found or loaded;
 *   <li>{@link ModelLoadException}: a model could not be loaded;
 *   <li>{@link RenderCancelledException}: a render was cancelled by its caller.
 * </ul>
 *
 * @since 0.1.0
 */
public class TttException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, for a person to read
   */
  public TttException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure
   */
  public TttException(String message, Throwable cause) {
    super(message, cause);
  }
}
