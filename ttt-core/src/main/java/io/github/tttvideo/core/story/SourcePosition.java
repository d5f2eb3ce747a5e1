package io.github.tttvideo.core.story;

/**
 * A place in a storyboard file.
 *
 * @param line 1-based line, or -1 when unknown
 * @param column 1-based column, or -1 when unknown
 * @since 0.1.0
 */
public record SourcePosition(int line, int column) {

  /** The position of something not read from a file. */
  public static final SourcePosition UNKNOWN = new SourcePosition(-1, -1);
}
