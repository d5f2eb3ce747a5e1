package io.github.tttvideo.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw-results file of the consistency benchmark: a header and one {@link BenchmarkRow} per
 * line, appended (and forced to disk) after every render, so a long run that stops can resume
 * where it was. A last line cut short by a crash is ignored when reading and overwritten by the
 * next append.
 */
final class BenchmarkCsv {
  static final String HEADER = String.join(",", BenchmarkRow.COLUMNS);

  private BenchmarkCsv() {}

  /**
   * Reads the rows.
   *
   * @param file the CSV file
   * @return its complete rows, in file order; empty if the file does not exist
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if the header is not this version's or a line other than the
   *     last is malformed
   */
  static List<BenchmarkRow> read(Path file) throws IOException {
    List<BenchmarkRow> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return rows;
    }
    if (!lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(file + " is not a results file of this benchmark"
          + " version; expected the header\n" + HEADER + "\ngot\n" + lines.get(0));
    }
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(BenchmarkRow.parse(line));
      } catch (IllegalArgumentException e) {
        if (i != lines.size() - 1) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return rows;
  }

  /**
   * Appends a row, writing the header first if the file is new, and forces it to disk.
   *
   * @param file the CSV file
   * @param row the row
   * @throws IOException if writing fails
   */
  static void append(Path file, BenchmarkRow row) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    StringBuilder sb = new StringBuilder();
    if (!Files.exists(file) || Files.size(file) == 0) {
      sb.append(HEADER).append('\n');
    } else {
      dropPartialLastLine(file);
    }
    sb.append(row.toCsv()).append('\n');
    Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
  }

  /** Cuts a last line that has no line break (a write interrupted by a crash). */
  private static void dropPartialLastLine(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') {
      return;
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    byte[] kept = new byte[end];
    System.arraycopy(bytes, 0, kept, 0, end);
    Files.write(file, kept);
  }
}
