package io.github.tttvideo.examples.eval;

import io.github.tttvideo.toon.metrics.BenchmarkResult;
import io.github.tttvideo.toon.metrics.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link ToonEvaluation} run: the settings, one pooled row for the ground-truth
 * renderer (the sanity row, about 100 % everywhere) and one for the model, as a Markdown table.
 *
 * @param settings one line per setting, {@code name: value}
 * @param groundTruth the pooled scores of {@code ToonRenderer}'s frames
 * @param model the pooled scores of the model's frames
 * @param modelLabel how the model row is labelled
 * @param stories stories evaluated
 */
public record EvaluationReport(List<String> settings, StoryScores groundTruth, StoryScores model,
    String modelLabel, int stories) {

  /** Acceptance thresholds of issue #6. */
  static final double PALETTE_TARGET = 0.90;
  static final double ROOM_TARGET = 0.90;
  static final double FUR_TARGET = 0.80;

  /** Column headings of the table, in order. */
  public static final List<String> COLUMNS = List.of("frames from", "identity consistency",
      "event memory", "text following", "boundary jump", "per-frame quality",
      "palette pixels", "right room", "Tom's fur later", "s / story");

  /**
   * The report as Markdown: settings, the metrics table and the acceptance checks.
   *
   * @return the text
   */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("Settings:\n\n");
    for (String s : settings) {
      sb.append("- ").append(s).append('\n');
    }
    sb.append('\n');
    sb.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
    sb.append("|").append(" --- |".repeat(COLUMNS.size())).append('\n');
    sb.append(row("ground truth (ToonRenderer)", groundTruth));
    sb.append(row(modelLabel, model));
    sb.append('\n');
    sb.append("Acceptance (issue #6), model row:\n\n");
    sb.append("| check | target | measured | |\n| --- | --- | --- | --- |\n");
    sb.append(check("pixels close to the world's palette", PALETTE_TARGET, model.paletteShare()));
    sb.append(check("segments in the right room", ROOM_TARGET, model.rightRoom()));
    sb.append(check("Tom keeps his first-named fur in later segments", FUR_TARGET,
        model.furLater()));
    sb.append('\n');
    sb.append("Right room by segment (the first; a later one that starts a new scene; a later one "
        + "that names its scene's room again; a later one that leaves it to be carried over):\n\n");
    sb.append("| frames from | first segment | new scene | named again | not named (carried) |\n");
    sb.append("| --- | --- | --- | --- | --- |\n");
    sb.append(roomRow("ground truth (ToonRenderer)", groundTruth.rooms()));
    sb.append(roomRow(modelLabel, model.rooms()));
    return sb.toString();
  }

  /**
   * Whether the model row meets all three acceptance targets.
   *
   * @return true if every target is met
   */
  public boolean accepted() {
    return meets(model.paletteShare(), PALETTE_TARGET) && meets(model.rightRoom(), ROOM_TARGET)
        && meets(model.furLater(), FUR_TARGET);
  }

  private static boolean meets(Score s, double target) {
    return s.count() > 0 && s.value() >= target;
  }

  private static String check(String what, double target, Score s) {
    return String.format(Locale.ROOT, "| %s | >= %.0f %% | %s | %s |%n", what, 100 * target,
        pct(s), meets(s, target) ? "met" : "not met");
  }

  private static String row(String label, StoryScores s) {
    BenchmarkResult b = s.benchmark();
    List<String> cells = new ArrayList<>();
    cells.add(label);
    cells.add(pct(b.identityConsistency()));
    cells.add(pct(b.eventMemory()));
    cells.add(pct(b.textFollowing()));
    cells.add(b.boundaryJumpPx().count() == 0 ? "n/a (n=0)"
        : String.format(Locale.ROOT, "%.2f px (n=%d)", b.boundaryJumpPx().value(),
            b.boundaryJumpPx().count()));
    cells.add(pct(b.perFrameQuality()));
    cells.add(pct(s.paletteShare()));
    cells.add(pct(s.rightRoom()));
    cells.add(pct(s.furLater()));
    cells.add(String.format(Locale.ROOT, "%.2f", s.seconds()));
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String roomRow(String label, StoryScores.RoomSplit r) {
    return "| " + label + " | " + pct(r.first()) + " | " + pct(r.newScene()) + " | "
        + pct(r.namedAgain()) + " | " + pct(r.unnamed()) + " |\n";
  }

  private static String pct(Score s) {
    if (s.count() == 0) {
      return "n/a (n=0)";
    }
    return String.format(Locale.ROOT, "%.1f %% (n=%d)", 100 * s.value(), s.count());
  }
}
