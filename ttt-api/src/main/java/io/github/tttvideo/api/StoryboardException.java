package io.github.tttvideo.api;

/**
 * A storyboard (a file in the official TTT-Video input format, or a story built in code) is
 * malformed; the message starts with the place of the fault where it is known.
 *
 * <p>The message has the compiler-like form {@code source:line:column: detail}, for example
 * {@code story.json:4:15: video 0, segment 1: "text" must be a string, got a number}. Parts that
 * are unknown are left out: {@code story.json: file is empty}, or just the detail for a story
 * built in code.
 *
 * <pre>{@code
 * try {
 *   Storyboard board = StoryboardReader.defaults().read(path);
 * } catch (StoryboardException e) {
 *   System.err.println(e.getMessage());        // story.json:3:9: video 0 is empty
 *   int line = e.line();                       // 3, or -1 when unknown
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class StoryboardException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The source (file name), or {@code null}. */
  private final String source;
  /** 1-based line, or -1. */
  private final int line;
  /** 1-based column, or -1. */
  private final int column;
  /** The message without the location prefix. */
  private final String detail;

  /**
   * Creates an exception without a location.
   *
   * @param detail what is wrong
   */
  public StoryboardException(String detail) {
    this(null, -1, -1, detail, null);
  }

  /**
   * Creates an exception with a location.
   *
   * @param source the file name or other source description, or {@code null}
   * @param line 1-based line, or -1 when unknown
   * @param column 1-based column, or -1 when unknown
   * @param detail what is wrong
   */
  public StoryboardException(String source, int line, int column, String detail) {
    this(source, line, column, detail, null);
  }

  /**
   * Creates an exception with a location and a cause.
   *
   * @param source the file name or other source description, or {@code null}
   * @param line 1-based line, or -1 when unknown
   * @param column 1-based column, or -1 when unknown
   * @param detail what is wrong
   * @param cause the underlying failure, or {@code null}
   */
  public StoryboardException(
      String source, int line, int column, String detail, Throwable cause) {
    super(format(source, line, column, detail), cause);
    this.source = source;
    this.line = line > 0 ? line : -1;
    this.column = line > 0 && column > 0 ? column : -1;
    this.detail = detail;
  }

  private static String format(String source, int line, int column, String detail) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source);
    }
    if (line > 0) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    return sb.append(detail).toString();
  }

  /**
   * The source of the storyboard, usually a file name.
   *
   * @return the source, or {@code null} when unknown
   */
  public String source() {
    return source;
  }

  /**
   * The 1-based line of the fault.
   *
   * @return the line, or -1 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * The 1-based column of the fault.
   *
   * @return the column, or -1 when unknown
   */
  public int column() {
    return column;
  }

  /**
   * The message without the {@code source:line:column: } prefix.
   *
   * @return what is wrong
   */
  public String detail() {
    return detail;
  }
}
