package io.github.tttvideo.core.weights;

import io.github.tttvideo.api.InvalidInputException;
import java.nio.file.Path;

/**
 * A weights file or checkpoint directory is malformed: a bad header, an impossible shape, a tensor
 * outside the data area, a shard that escapes its directory. The message names the file and the
 * problem; fixing (or replacing) the file fixes the call.
 *
 * @since 0.1.0
 */
public class InvalidWeightsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The file at fault, as a string (paths are not serializable). */
  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the file at fault
   * @param problem what is wrong with it, for a person to read
   */
  public InvalidWeightsException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = String.valueOf(file);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param file the file at fault
   * @param problem what is wrong with it, for a person to read
   * @param cause the underlying failure
   */
  public InvalidWeightsException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = String.valueOf(file);
  }

  /**
   * The file at fault.
   *
   * @return the file, as it was given to the reader
   */
  public String file() {
    return file;
  }
}
