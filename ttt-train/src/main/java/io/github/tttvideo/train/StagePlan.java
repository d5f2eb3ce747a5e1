package io.github.tttvideo.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One stage of staged context extension (reference section 8): how long the clips are, how many
 * steps, the learning rates and which parameters train.
 *
 * <p>The TTT LR group (names containing "ttt" or "ssm") follows a cosine from {@code lrSsm} to
 * {@code lrEnd}; the other trainable parameters a straight line from {@code lr} to {@code lrEnd};
 * both after a linear warmup of {@code warmup} steps.
 *
 * <p>JSON form (a list of stages, in order; {@code trainable} is "sft", "qkvo" or a list of
 * regular expressions):
 *
 * <pre>{@code
 * [ {"name": "3s", "segments": 1, "steps": 5000, "warmup": 100,
 *    "lr": 1e-5, "lr_ssm": 1e-4, "lr_end": 1e-5, "trainable": "sft"},
 *   {"name": "9s", "segments": 3, "steps": 5000, "warmup": 100,
 *    "lr": 1e-5, "lr_ssm": 1e-5, "lr_end": 1e-5, "trainable": "qkvo"} ]
 * }</pre>
 *
 * @param name a short name, unique within a plan (no commas)
 * @param segments 3-second segments per clip
 * @param steps optimizer steps, warmup included
 * @param warmup warmup steps
 * @param lr peak rate of the non-TTT parameters
 * @param lrSsm peak rate of the TTT layers and gates
 * @param lrEnd final rate of both groups
 * @param trainable which parameters train
 * @since 0.1.0
 */
public record StagePlan(
    String name,
    int segments,
    int steps,
    int warmup,
    double lr,
    double lrSsm,
    double lrEnd,
    ParameterSelection trainable) {

  /** Validates. */
  public StagePlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trainable, "trainable");
    if (name.isEmpty() || name.contains(",") || name.contains("\n")) {
      throw new IllegalArgumentException("stage name must be non-empty, without commas: " + name);
    }
    if (segments < 1) {
      throw new IllegalArgumentException("stage " + name + ": segments must be >= 1, got "
          + segments);
    }
    if (warmup < 0 || steps <= warmup) {
      throw new IllegalArgumentException(
          "stage " + name + ": need 0 <= warmup < steps, got warmup " + warmup + ", steps "
              + steps);
    }
  }

  /** {@return the schedule of the TTT group: warmup, then cosine lrSsm -> lrEnd} */
  public LrSchedule tttSchedule() {
    return new LrSchedule(LrSchedule.Shape.COSINE, lrSsm, lrEnd, warmup, steps);
  }

  /** {@return the schedule of the other parameters: warmup, then linear lr -> lrEnd} */
  public LrSchedule baseSchedule() {
    return new LrSchedule(LrSchedule.Shape.LINEAR, lr, lrEnd, warmup, steps);
  }

  /**
   * The reference's five stages (TTT-MLP configs, 30 s with the paper's 500 steps): 3 s (1
   * segment, sft) -> 9 s -> 18 s -> 30 s -> 63 s (qkvo).
   *
   * @return the plan
   */
  public static List<StagePlan> reference() {
    ParameterSelection qkvo = ParameterSelection.qkvo();
    return List.of(
        new StagePlan("3s", 1, 5000, 100, 1e-5, 1e-4, 1e-5, ParameterSelection.sft()),
        new StagePlan("9s", 3, 5000, 100, 1e-5, 1e-5, 1e-5, qkvo),
        new StagePlan("18s", 6, 1000, 50, 1e-5, 1e-5, 1e-5, qkvo),
        new StagePlan("30s", 10, 500, 50, 1e-5, 1e-5, 1e-5, qkvo),
        new StagePlan("63s", 21, 250, 25, 1e-5, 1e-5, 1e-5, qkvo));
  }

  /**
   * Parses a plan from JSON (see the class comment).
   *
   * @param json a JSON array of stages
   * @return the stages, in order
   * @throws IllegalArgumentException naming the stage and field that is missing or wrong
   */
  public static List<StagePlan> parseJson(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("stage plan is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException("stage plan must be a non-empty JSON array of stages");
    }
    List<StagePlan> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      String where = "stage " + i;
      String name = text(n, "name", where);
      where = "stage " + i + " (" + name + ")";
      int segments = field(n, "segments", where).asInt();
      int steps = field(n, "steps", where).asInt();
      int warmup = field(n, "warmup", where).asInt();
      double lr = field(n, "lr", where).asDouble();
      double lrSsm = field(n, "lr_ssm", where).asDouble();
      double lrEnd = field(n, "lr_end", where).asDouble();
      JsonNode tr = field(n, "trainable", where);
      ParameterSelection sel;
      if (tr.isTextual()) {
        sel = ParameterSelection.named(tr.asText());
      } else if (tr.isArray()) {
        List<String> patterns = new ArrayList<>();
        tr.forEach(p -> patterns.add(p.asText()));
        sel = ParameterSelection.matchingAny("custom", patterns);
      } else {
        throw new IllegalArgumentException(where + ": trainable must be a string or a list");
      }
      out.add(
          new StagePlan(name, segments, steps, warmup, lr, lrSsm, lrEnd, sel));
    }
    return out;
  }

  private static JsonNode field(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": missing field \"" + key + "\"");
    }
    return v;
  }

  private static String text(JsonNode n, String key, String where) {
    return field(n, key, where).asText();
  }
}
