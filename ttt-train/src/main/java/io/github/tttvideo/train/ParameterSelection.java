package io.github.tttvideo.train;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which parameters a stage trains, by name (the reference's {@code adapter_method}).
 *
 * <ul>
 *   <li>{@link #sft()}: every parameter.
 *   <li>{@link #qkvo()}: the TTT layers, the gates, the local attention's q/k/v/o projections and
 *       its q/k norms; everything else (patch embedding, adaLN, MLPs, outer norms, final layer)
 *       stays frozen. A name is selected if any of {@link #DEFAULT_QKVO_PATTERNS} is found in it
 *       ({@link java.util.regex.Matcher#find()}, case-sensitive).
 *   <li>{@link #ttt()}: only the TTT layers and their gates ({@link #TTT_PATTERNS}); every other
 *       parameter stays frozen, so a long-context round can teach the memory without touching
 *       what the single-segment rounds taught the rest.
 * </ul>
 *
 * <pre>{@code
 * ParameterSelection stage2 = ParameterSelection.qkvo();
 * ParameterSelection custom = ParameterSelection.matchingAny("qkvo", List.of("ttt", "attn\\.w[qkvo]\\."));
 * }</pre>
 *
 * @param name a short name for logs and checkpoints ("sft", "qkvo", ...)
 * @param patterns regular expressions searched in parameter names; empty means every parameter
 * @since 0.1.0
 */
public record ParameterSelection(String name, List<String> patterns) implements Predicate<String> {

  /**
   * Default patterns of {@link #qkvo()}, covering the common spellings of the reference's module
   * names: {@code ttt} and {@code ssm} (TTT layers and their gates, as the reference's "TTT" LR
   * group), {@code gate}, the attention projections ({@code wq/wk/wv/wo}, {@code q_proj ...
   * o_proj}, {@code to_q/to_k/to_v/to_out}, {@code attn.q/k/v/o}) and the q/k norms ({@code
   * q_norm}, {@code k_norm}, {@code norm_q}, {@code norm_k}).
   */
  public static final List<String> DEFAULT_QKVO_PATTERNS =
      List.of(
          "ttt",
          "ssm",
          "gate",
          "(^|\\.)(wq|wk|wv|wo|q_proj|k_proj|v_proj|o_proj|to_q|to_k|to_v|to_out)(\\.|$)",
          "(^|\\.)attn\\.[qkvo](\\.|$)",
          "(^|\\.|_)(q_norm|k_norm|norm_q|norm_k)(\\.|$)");

  /** Patterns of {@link #ttt()}: the TTT layers and gates ({@code ttt}, {@code ssm}, {@code gate}). */
  public static final List<String> TTT_PATTERNS = List.of("ttt", "ssm", "gate");

  /** Validates and freezes the fields. */
  public ParameterSelection {
    Objects.requireNonNull(name, "name");
    patterns = List.copyOf(patterns);
    for (String p : patterns) {
      Pattern.compile(p);
    }
  }

  /** {@return every parameter (the reference's {@code sft})} */
  public static ParameterSelection sft() {
    return new ParameterSelection("sft", List.of());
  }

  /** {@return TTT layers, gates, attention q/k/v/o and q/k norms, with the default patterns} */
  public static ParameterSelection qkvo() {
    return new ParameterSelection("qkvo", DEFAULT_QKVO_PATTERNS);
  }

  /** {@return the TTT layers and their gates only} */
  public static ParameterSelection ttt() {
    return new ParameterSelection("ttt", TTT_PATTERNS);
  }

  /**
   * A selection by custom patterns.
   *
   * @param name its name
   * @param patterns regular expressions; a name matching any of them is selected
   * @return the selection
   */
  public static ParameterSelection matchingAny(String name, List<String> patterns) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("patterns must not be empty (use sft() for all)");
    }
    return new ParameterSelection(name, patterns);
  }

  /**
   * The named selection of a stage plan.
   *
   * @param name "sft", "qkvo" or "ttt" (any case)
   * @return the selection with default patterns
   * @throws IllegalArgumentException for another name
   */
  public static ParameterSelection named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sft" -> sft();
      case "qkvo" -> qkvo();
      case "ttt" -> ttt();
      default ->
          throw new IllegalArgumentException(
              "unknown trainable selection \"" + name + "\" (known: sft, qkvo, ttt)");
    };
  }

  /**
   * Whether a parameter is selected.
   *
   * @param parameterName the parameter's name
   * @return true if it is trained
   */
  @Override
  public boolean test(String parameterName) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String p : patterns) {
      if (Pattern.compile(p).matcher(parameterName).find()) {
        return true;
      }
    }
    return false;
  }
}
