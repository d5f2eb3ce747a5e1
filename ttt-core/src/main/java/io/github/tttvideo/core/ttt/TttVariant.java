package io.github.tttvideo.core.ttt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.tttvideo.api.InvalidInputException;
import java.util.Locale;

/**
 * The inner model of a TTT layer.
 *
 * @since 0.1.0
 */
public enum TttVariant {
  /** {@code g(x) = x W1 + b1}, hidden size = head dim. */
  LINEAR,
  /** {@code g(x) = gelu(x W1 + b1) W2 + b2}, hidden size = 4 * head dim. */
  MLP;

  /**
   * The JSON name.
   *
   * @return {@code "linear"} or {@code "mlp"}
   */
  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name, ignoring case.
   *
   * @param name {@code "linear"} or {@code "mlp"}
   * @return the variant
   * @throws InvalidInputException for any other name
   */
  @JsonCreator
  public static TttVariant parse(String name) {
    for (TttVariant v : values()) {
      if (v.name().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new InvalidInputException(
        "ttt_variant must be \"linear\" or \"mlp\", got " + (name == null ? "null" : "\"" + name + "\""));
  }
}
