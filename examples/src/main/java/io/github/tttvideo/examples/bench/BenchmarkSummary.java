package io.github.tttvideo.examples.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The benchmark's rows grouped by model and length, with mean and spread over stories, and the
 * paired comparison of two models on the same stories.
 */
final class BenchmarkSummary {
  private final List<String> models;
  private final List<Integer> lengths;
  private final Map<String, Map<Integer, List<BenchmarkRow>>> cells = new LinkedHashMap<>();

  /**
   * Groups rows.
   *
   * @param rows the rows
   * @param modelOrder the labels to list first, in this order; other labels follow in order of
   *     appearance
   */
  BenchmarkSummary(List<BenchmarkRow> rows, List<String> modelOrder) {
    for (String m : modelOrder) {
      cells.put(m, new HashMap<>());
    }
    TreeSet<Integer> ls = new TreeSet<>();
    for (BenchmarkRow r : rows) {
      cells.computeIfAbsent(r.model(), m -> new HashMap<>())
          .computeIfAbsent(r.segments(), s -> new ArrayList<>()).add(r);
      ls.add(r.segments());
    }
    cells.values().removeIf(Map::isEmpty);
    this.models = List.copyOf(cells.keySet());
    this.lengths = List.copyOf(ls);
  }

  /** {@return the model labels with rows, in display order} */
  List<String> models() {
    return models;
  }

  /** {@return the lengths in segments with rows, ascending} */
  List<Integer> lengths() {
    return lengths;
  }

  /**
   * {@return the rows of one model and length, in story order (empty if none)}
   *
   * @param model the label
   * @param segments the length
   */
  List<BenchmarkRow> rows(String model, int segments) {
    List<BenchmarkRow> r = new ArrayList<>(
        cells.getOrDefault(model, Map.of()).getOrDefault(segments, List.of()));
    r.sort((a, b) -> Integer.compare(a.story(), b.story()));
    return r;
  }

  /**
   * {@return the mean and spread over stories of a metric}
   *
   * @param model the label
   * @param segments the length
   * @param metric the metric
   */
  Stat stat(String model, int segments, Metric metric) {
    return Stat.of(rows(model, segments).stream().mapToDouble(metric::of).toArray());
  }

  /**
   * Compares model a with model b on the stories both rendered at a length.
   *
   * @param a the first label (for example ttt-mlp)
   * @param b the second label (for example local)
   * @param segments the length
   * @param metric the metric
   * @return the comparison
   */
  Comparison compare(String a, String b, int segments, Metric metric) {
    Map<Long, BenchmarkRow> byStory = new HashMap<>();
    for (BenchmarkRow r : rows(b, segments)) {
      byStory.put(r.storySeed(), r);
    }
    List<Double> diffs = new ArrayList<>();
    int wins = 0;
    int losses = 0;
    for (BenchmarkRow ra : rows(a, segments)) {
      BenchmarkRow rb = byStory.get(ra.storySeed());
      if (rb == null) {
        continue;
      }
      double va = metric.of(ra);
      double vb = metric.of(rb);
      if (Double.isFinite(va) && Double.isFinite(vb)) {
        double d = va - vb;
        diffs.add(d);
        if (d > 0) {
          wins++;
        } else if (d < 0) {
          losses++;
        }
      }
    }
    double min = diffs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = diffs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return new Comparison(metric, segments, stat(a, segments, metric), stat(b, segments, metric),
        Stat.of(diffs.stream().mapToDouble(Double::doubleValue).toArray()), min, max, wins,
        losses);
  }

  /**
   * Model a against model b on one metric at one length.
   *
   * @param metric the metric
   * @param segments the length
   * @param a a's mean and spread over its stories
   * @param b b's
   * @param diff the per-story difference a - b over the stories both measured
   * @param minDiff the smallest difference
   * @param maxDiff the largest
   * @param wins stories where a is higher
   * @param losses stories where b is higher
   */
  record Comparison(Metric metric, int segments, Stat a, Stat b, Stat diff, double minDiff,
      double maxDiff, int wins, int losses) {

    /**
     * {@return a one-word verdict: "beats" when a is higher by more than two standard errors of
     * the paired difference, "ahead (within noise)" when higher but not by that much, "behind"
     * otherwise, "n/a" without paired stories}
     */
    String verdict() {
      if (diff.n() == 0) {
        return "n/a";
      }
      if (diff.mean() > 0 && diff.n() >= 2 && diff.mean() > 2 * diff.standardError()) {
        return "beats";
      }
      if (diff.mean() > 0) {
        return "ahead (within noise)";
      }
      return diff.mean() == 0 ? "tied" : "behind";
    }
  }
}
