package io.github.tttvideo.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-step training log as CSV, appended line by line (flushed each step) and safe to resume:
 * opening it for a run resumed at step k first drops the rows of steps >= k, which the interrupted
 * run logged after its last checkpoint and the resumed run will log again.
 *
 * <p>Columns: {@code step,stage,stage_step,loss,grad_norm,lr_ttt,lr_base,seconds}; {@code step}
 * is the 0-based global index of the update, {@code grad_norm} the global norm before clipping,
 * the rates those used for the update, {@code seconds} its wall time.
 *
 * <pre>{@code
 * try (TrainingLog log = TrainingLog.open(runDir.resolve("loss.csv"), resumedStep)) {
 *   log.append(new TrainingLog.Row(step, "3s", stageStep, loss, norm, lrTtt, lrBase, secs));
 * }
 * LossPlot.write(TrainingLog.read(csv), runDir.resolve("loss.png"), LossPlot.Options.defaults());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TrainingLog implements AutoCloseable {
  /** The header line. */
  public static final String HEADER = "step,stage,stage_step,loss,grad_norm,lr_ttt,lr_base,seconds";

  /**
   * One logged update.
   *
   * @param step 0-based global step
   * @param stage the stage's name
   * @param stageStep 0-based step within the stage
   * @param loss the training loss
   * @param gradNorm global gradient norm before clipping
   * @param lrTtt learning rate of the TTT group
   * @param lrBase learning rate of the other parameters
   * @param seconds wall time of the step
   */
  public record Row(
      long step,
      String stage,
      int stageStep,
      double loss,
      double gradNorm,
      double lrTtt,
      double lrBase,
      double seconds) {
    /** Rejects stage names that would break the CSV. */
    public Row {
      if (stage.contains(",") || stage.contains("\n")) {
        throw new IllegalArgumentException("stage name must not hold ',' or newlines: " + stage);
      }
    }

    String toCsv() {
      return String.format(
          Locale.ROOT, "%d,%s,%d,%s,%s,%s,%s,%.4f",
          step, stage, stageStep, loss, gradNorm, lrTtt, lrBase, seconds);
    }

    static Row parse(String line) {
      String[] f = line.split(",", -1);
      if (f.length != 8) {
        throw new IllegalArgumentException("bad training log line: " + line);
      }
      return new Row(
          Long.parseLong(f[0]), f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]),
          Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
          Double.parseDouble(f[7]));
    }
  }

  private final Path csv;
  private final BufferedWriter out;

  private TrainingLog(Path csv, BufferedWriter out) {
    this.csv = csv;
    this.out = out;
  }

  /**
   * Opens the log of a run that continues at {@code fromStep}.
   *
   * @param csv the file (created with a header if absent)
   * @param fromStep the first step the run will log; existing rows of later steps are dropped
   * @return the log
   * @throws IOException if the file cannot be read or written, or has another header
   */
  public static TrainingLog open(Path csv, long fromStep) throws IOException {
    Path parent = csv.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(csv)) {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
        throw new IOException(csv + " is not a training log (header \"" + lines.get(0) + "\")");
      }
      List<String> kept = new ArrayList<>();
      kept.add(HEADER);
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        try {
          if (Row.parse(line).step() < fromStep) {
            kept.add(line);
          }
        } catch (IllegalArgumentException e) {
          // a line cut short by a crash: the resumed run logs that step again
        }
      }
      if (kept.size() != lines.size()) {
        Path tmp = Files.createTempFile(parent, "." + csv.getFileName(), ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } else {
      Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
    }
    BufferedWriter w =
        Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return new TrainingLog(csv, w);
  }

  /**
   * Appends a row and flushes it.
   *
   * @param row the row
   * @throws IOException if writing fails
   */
  public void append(Row row) throws IOException {
    out.write(row.toCsv());
    out.write('\n');
    out.flush();
  }

  /** {@return the CSV file} */
  public Path path() {
    return csv;
  }

  /**
   * Reads a log.
   *
   * @param csv the file
   * @return its rows, in file order
   * @throws IOException if reading fails
   */
  public static List<Row> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(Row.parse(lines.get(i)));
      }
    }
    return rows;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
