package io.github.tttvideo.examples.bench;

import io.github.tttvideo.examples.bench.BenchmarkSummary.Comparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the consistency benchmark's results: the table (mean ± standard deviation over stories
 * per model and length), the PNG plots against story length, and {@code docs/benchmarks.md} with
 * the method, the command, the table, the plots, the comparison of two mixers at the longest
 * length computed from the numbers, and the author's note (kept from the previous file between
 * {@value #NOTE_START} and {@value #NOTE_END}).
 */
final class BenchmarkReport {
  static final String NOTE_START = "<!-- note:start -->";
  static final String NOTE_END = "<!-- note:end -->";
  static final String GROUND_TRUTH = "ground truth";

  /** The metrics of the table, in column order. */
  static final List<Metric> TABLE = List.of(Metric.IDENTITY, Metric.EVENT, Metric.TEXT,
      Metric.JUMP, Metric.QUALITY, Metric.FUR_LATER, Metric.RENDER_TIME, Metric.STEP_TIME,
      Metric.CPU_TIME, Metric.RSS_INCREASE, Metric.PEAK_RSS, Metric.PEAK_HEAP);

  /** The metrics with a plot against length, one PNG each. */
  static final List<Metric> PLOTS = List.of(Metric.IDENTITY, Metric.EVENT, Metric.TEXT,
      Metric.JUMP, Metric.QUALITY, Metric.FUR_LATER, Metric.RENDER_TIME, Metric.CPU_TIME,
      Metric.RSS_INCREASE, Metric.PEAK_RSS);

  /** The metrics of the head-to-head comparison. */
  static final List<Metric> COMPARED = List.of(Metric.IDENTITY, Metric.EVENT, Metric.FUR_LATER);

  private final BenchmarkSummary summary;

  BenchmarkReport(BenchmarkSummary summary) {
    this.summary = summary;
  }

  /** {@return the results table as Markdown} */
  String table() {
    StringBuilder sb = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("length", "model", "stories"));
    for (Metric m : TABLE) {
      head.add(m.heading());
    }
    sb.append("| ").append(String.join(" | ", head)).append(" |\n");
    sb.append("|").append(" --- |".repeat(head.size())).append('\n');
    for (int segments : summary.lengths()) {
      for (String model : summary.models()) {
        List<BenchmarkRow> rows = summary.rows(model, segments);
        if (rows.isEmpty()) {
          continue;
        }
        List<String> cells = new ArrayList<>();
        cells.add(segments * 3 + " s (" + segments + " seg.)");
        cells.add(model);
        cells.add(Integer.toString(rows.size()));
        for (Metric m : TABLE) {
          Stat s = summary.stat(model, segments, m);
          String cell = s.format(m.scale, m.decimals);
          if (s.n() > 0 && s.n() < rows.size()) {
            cell += " (n=" + s.n() + ")";
          }
          cells.add(cell);
        }
        sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
      }
    }
    return sb.toString();
  }

  /**
   * Draws one PNG per plotted metric into a folder.
   *
   * @param dir the folder
   * @return the files, in {@link #PLOTS} order
   * @throws IOException if writing fails
   */
  List<Path> writePlots(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Metric m : PLOTS) {
      List<LineChart.Series> series = new ArrayList<>();
      for (String model : summary.models()) {
        List<LineChart.Point> pts = new ArrayList<>();
        for (int segments : summary.lengths()) {
          Stat s = summary.stat(model, segments, m);
          if (s.n() > 0) {
            pts.add(new LineChart.Point(3 * segments, m.scale * s.mean(), m.scale * s.std()));
          }
        }
        if (!pts.isEmpty()) {
          series.add(new LineChart.Series(model, pts, model.equals(GROUND_TRUTH)));
        }
      }
      LineChart.Spec spec = new LineChart.Spec(m.title + " against story length",
          "story length (s)", m.heading(), m.share ? -4 : Double.NaN,
          m.share ? 104 : Double.NaN, 820, 480);
      files.add(LineChart.write(spec, series, dir.resolve(m.file + ".png")));
    }
    return files;
  }

  /**
   * The head-to-head comparison of two models at the longest length with rows of both, as
   * Markdown: one sentence per metric and a short table.
   *
   * @param a the label expected to win (for example ttt-mlp)
   * @param b the baseline (for example local)
   * @return the text
   */
  String comparison(String a, String b) {
    int longest = -1;
    for (int segments : summary.lengths()) {
      if (!summary.rows(a, segments).isEmpty() && !summary.rows(b, segments).isEmpty()) {
        longest = segments;
      }
    }
    if (longest < 0) {
      return "Not available: the results hold no length rendered by both `" + a + "` and `" + b
          + "` (models present: " + String.join(", ", summary.models()) + ").\n";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "At %d s (%d segments), `%s` against `%s` on the same"
        + " stories and noise seeds (mean ± standard deviation over stories; the difference is"
        + " paired by story, `%s` minus `%s`, in percentage points; \"beats\" means the mean"
        + " difference is above two standard errors of the paired differences):%n%n",
        3 * longest, longest, a, b, a, b));
    sb.append("| metric | `").append(a).append("` | `").append(b)
        .append("` | difference (mean ± std) | range | stories higher / lower | verdict |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Metric m : COMPARED) {
      Comparison c = summary.compare(a, b, longest, m);
      sb.append("| ").append(m.title).append(" | ").append(c.a().format(100, 1)).append(" % | ")
          .append(c.b().format(100, 1)).append(" % | ")
          .append(c.diff().n() == 0 ? "n/a" : signed(100 * c.diff().mean())
              + (c.diff().n() > 1 ? String.format(Locale.ROOT, " ± %.1f", 100 * c.diff().std())
                  : "") + " pts (n=" + c.diff().n() + ")")
          .append(" | ").append(c.diff().n() == 0 ? "n/a"
              : signed(100 * c.minDiff()) + " .. " + signed(100 * c.maxDiff()))
          .append(" | ").append(c.wins()).append(" / ").append(c.losses())
          .append(" | ").append(c.verdict()).append(" |\n");
    }
    sb.append('\n');
    for (Metric m : List.of(Metric.IDENTITY, Metric.EVENT)) {
      Comparison c = summary.compare(a, b, longest, m);
      sb.append("- ").append(sentence(a, b, c)).append('\n');
    }
    return sb.toString();
  }

  private static String sentence(String a, String b, Comparison c) {
    String what = c.metric().title;
    if (c.diff().n() == 0) {
      return "On " + what + " there are no stories measured for both; no verdict.";
    }
    String spread = c.diff().n() > 1
        ? String.format(Locale.ROOT, "standard deviation %.1f points over %d stories, standard"
            + " error %.1f", 100 * c.diff().std(), c.diff().n(), 100 * c.diff().standardError())
        : "one story only, no spread";
    String verb = switch (c.verdict()) {
      case "beats" -> "beats";
      case "ahead (within noise)" -> "is ahead of, but not clearly above the noise,";
      case "tied" -> "ties with";
      default -> "is behind";
    };
    String by = c.verdict().equals("beats") || c.verdict().startsWith("ahead") ? " by "
        : ", difference ";
    return String.format(Locale.ROOT, "On %s, `%s` %s `%s`%s%s percentage points (%.1f %% vs"
        + " %.1f %%; %s; higher in %d, lower in %d of %d stories).", what, a, verb, b, by,
        signed(100 * c.diff().mean()), 100 * c.a().mean(), 100 * c.b().mean(), spread, c.wins(),
        c.losses(), c.diff().n());
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.1f", v);
  }

  /**
   * The whole Markdown document.
   *
   * @param command the command line that produces it
   * @param method the method, one bullet each
   * @param settings the settings, one bullet each
   * @param plots the plot files
   * @param doc where the document goes (for relative links to the plots)
   * @param a the first model of the comparison
   * @param b the second
   * @param note the author's note (kept from the previous document), or null for a placeholder
   * @return the text
   */
  String markdown(String command, List<String> method, List<String> settings, List<Path> plots,
      Path doc, String a, String b, String note) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Consistency benchmark: sequence mixers against story length\n\n");
    sb.append("Written by `io.github.tttvideo.examples.bench.ConsistencyBenchmark` (issue #7) from"
        + " the numbers of its results file; rerunning the command below regenerates this page,"
        + " keeping only the author's note. How the program works: "
        + "[benchmark-program.md](benchmark-program.md).\n\n");
    sb.append("```bash\n").append(command).append("\n```\n\n");
    sb.append("## Method\n\n");
    for (String m : method) {
      sb.append("- ").append(m).append('\n');
    }
    sb.append("\nSettings of this run:\n\n");
    for (String s : settings) {
      sb.append("- ").append(s).append('\n');
    }
    sb.append("\n## Results\n\nMean ± standard deviation over stories (sample standard deviation;"
        + " a value alone is a single story; \"n=\" where fewer stories could be measured: a story"
        + " with nothing to measure for a metric, for example no boundary without a scene change,"
        + " is left out of that metric). The ground-truth rows are the world's own renderer scored"
        + " by the same probes: the ceiling, about 100 % everywhere.\n\n");
    sb.append(table());
    sb.append("\n## Plots\n\n");
    Path base = doc.toAbsolutePath().getParent();
    for (Path p : plots) {
      String rel = base.relativize(p.toAbsolutePath()).toString().replace('\\', '/');
      String name = p.getFileName().toString().replace(".png", "").replace('-', ' ');
      sb.append("![").append(name).append("](").append(rel).append(")\n\n");
    }
    sb.append("Expected shapes: the render time of TTT and local or sliding-window attention grows"
        + " linearly with length; full attention over the whole video bends upward"
        + " (quadratic).\n\n");
    sb.append("## `").append(a).append("` against `").append(b)
        .append("` at the longest length\n\n");
    sb.append(comparison(a, b));
    sb.append("\n## Author's note\n\n");
    sb.append(NOTE_START).append('\n');
    sb.append(note == null ? "_(to be written by whoever runs the benchmark: what the numbers say,"
        + " what limits them.)_\n" : note);
    sb.append(NOTE_END).append('\n');
    return sb.toString();
  }

  /**
   * The author's note of an existing document, or null if there is none.
   *
   * @param doc the document
   * @return the text between the markers, line break included
   * @throws IOException if it cannot be read
   */
  static String existingNote(Path doc) throws IOException {
    if (!Files.isRegularFile(doc)) {
      return null;
    }
    String text = Files.readString(doc);
    int s = text.indexOf(NOTE_START);
    int e = text.indexOf(NOTE_END);
    if (s < 0 || e < s) {
      return null;
    }
    return text.substring(s + NOTE_START.length() + 1, e);
  }
}
