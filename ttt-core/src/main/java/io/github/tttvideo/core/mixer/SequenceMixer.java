package io.github.tttvideo.core.mixer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The global sequence mixer of every DiT layer: what runs after the segment-local attention, gated
 * into the residual stream, where TTT-Video puts its bidirectional TTT block (issue #7). All
 * mixers share the rest of the architecture, so they are the baselines of the paper's Table 3.
 *
 * <ul>
 *   <li>{@link #LOCAL}: no global mixer; the block is absent (pretrained CogVideoX behaviour).
 *   <li>{@link #SLIDING}: softmax attention of each token over the tokens of its neighbouring
 *       segments {@code i - w .. i + w} ({@code sliding_window_segments} w, default 1).
 *   <li>{@link #TTT_LINEAR}, {@link #TTT_MLP}: the gated bidirectional TTT block.
 *   <li>{@link #FULL}: softmax attention over the whole video (the quadratic reference).
 * </ul>
 *
 * <p>In JSON ({@code sequence_mixer} of {@code config.json}) the names are {@code local}, {@code
 * sliding}, {@code ttt-linear}, {@code ttt-mlp}, {@code full}.
 *
 * @since 0.1.0
 */
public enum SequenceMixer {
  /** No global mixer. */
  LOCAL("local"),
  /** Attention over the neighbouring segments. */
  SLIDING("sliding"),
  /** Bidirectional TTT-Linear. */
  TTT_LINEAR("ttt-linear"),
  /** Bidirectional TTT-MLP (TTT-Video's choice, the default). */
  TTT_MLP("ttt-mlp"),
  /** Attention over every token of the video. */
  FULL("full");

  private final String jsonName;

  SequenceMixer(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The JSON name.
   *
   * @return for example {@code "ttt-mlp"}
   */
  @JsonValue
  public String jsonName() {
    return jsonName;
  }

  /**
   * Every JSON name, in declaration order.
   *
   * @return the names
   */
  public static List<String> names() {
    return Arrays.stream(values()).map(SequenceMixer::jsonName).toList();
  }

  /**
   * Parses a JSON name, ignoring case ({@code ttt_mlp} is accepted for {@code ttt-mlp}).
   *
   * @param name the name
   * @return the mixer
   * @throws InvalidInputException for an unknown name, listing the known ones
   */
  @JsonCreator
  public static SequenceMixer parse(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (SequenceMixer m : values()) {
      if (m.jsonName.equals(key)) {
        return m;
      }
    }
    throw new InvalidInputException("sequence_mixer must be one of " + names() + ", got "
        + (name == null ? "null" : "\"" + name + "\""));
  }

  /**
   * The TTT mixer of a variant (what a config without {@code sequence_mixer} means).
   *
   * @param variant the TTT variant
   * @return {@link #TTT_LINEAR} or {@link #TTT_MLP}
   */
  public static SequenceMixer ofTtt(TttVariant variant) {
    return variant == TttVariant.LINEAR ? TTT_LINEAR : TTT_MLP;
  }

  /**
   * Whether this mixer is a TTT block.
   *
   * @return true for the TTT mixers
   */
  public boolean isTtt() {
    return this == TTT_LINEAR || this == TTT_MLP;
  }

  /**
   * Whether this mixer is softmax attention with its own parameters.
   *
   * @return true for {@link #SLIDING} and {@link #FULL}
   */
  public boolean isAttention() {
    return this == SLIDING || this == FULL;
  }

  /**
   * The TTT variant of a TTT mixer.
   *
   * @return the variant
   * @throws IllegalStateException for a mixer that is no TTT block
   */
  public TttVariant tttVariant() {
    return switch (this) {
      case TTT_LINEAR -> TttVariant.LINEAR;
      case TTT_MLP -> TttVariant.MLP;
      default -> throw new IllegalStateException(jsonName + " is not a TTT mixer");
    };
  }
}
