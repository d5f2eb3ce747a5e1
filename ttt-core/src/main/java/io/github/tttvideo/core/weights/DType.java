package io.github.tttvideo.core.weights;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a safetensors header may name, with their size in bytes.
 *
 * <p>{@link #F32}, {@link #F16}, {@link #BF16} and {@link #F64} can be read as {@code float} (see
 * {@link Tensor#toFloatArray()}); the integer and boolean types are listed by {@code inspect} and
 * readable as raw bytes only. The 8-bit float types are recognised so that such files can be
 * inspected.
 *
 * @since 0.1.0
 */
public enum DType {
  /** IEEE 754 binary64. */
  F64(8, true),
  /** IEEE 754 binary32. */
  F32(4, true),
  /** IEEE 754 binary16 (half precision). */
  F16(2, true),
  /** bfloat16: the upper 16 bits of a binary32. */
  BF16(2, true),
  /** 8-bit float, 4 exponent and 3 mantissa bits. */
  F8_E4M3(1, false),
  /** 8-bit float, 5 exponent and 2 mantissa bits. */
  F8_E5M2(1, false),
  /** Signed 64-bit integer. */
  I64(8, false),
  /** Unsigned 64-bit integer. */
  U64(8, false),
  /** Signed 32-bit integer. */
  I32(4, false),
  /** Unsigned 32-bit integer. */
  U32(4, false),
  /** Signed 16-bit integer. */
  I16(2, false),
  /** Unsigned 16-bit integer. */
  U16(2, false),
  /** Signed 8-bit integer. */
  I8(1, false),
  /** Unsigned 8-bit integer. */
  U8(1, false),
  /** Boolean, one byte per element. */
  BOOL(1, false);

  private final int size;
  private final boolean floatReadable;

  DType(int size, boolean floatReadable) {
    this.size = size;
    this.floatReadable = floatReadable;
  }

  /**
   * Bytes per element.
   *
   * @return the element size
   */
  public int size() {
    return size;
  }

  /**
   * Whether tensors of this type can be read as {@code float}.
   *
   * @return true for F64, F32, F16 and BF16
   */
  public boolean isFloatReadable() {
    return floatReadable;
  }

  /**
   * Whether {@link SafetensorsWriter} can write this type from {@code float} values.
   *
   * @return true for F32, F16 and BF16
   */
  public boolean isFloatWritable() {
    return this == F32 || this == F16 || this == BF16;
  }

  /**
   * Looks a type up by its name in a safetensors header (case-sensitive, as the format is).
   *
   * @param name the name, for instance {@code "BF16"}
   * @return the type, or empty if the name is unknown
   */
  public static Optional<DType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }
}
