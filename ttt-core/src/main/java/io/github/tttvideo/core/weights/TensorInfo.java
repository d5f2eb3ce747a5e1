package io.github.tttvideo.core.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a safetensors header says about one tensor: its name, element type, shape and where its
 * bytes are. Byte offsets are relative to the start of the data area (the byte after the header).
 *
 * @param name the tensor's name, for instance {@code blocks.0.attn.wq.weight}
 * @param dtype the element type
 * @param shape the dimensions, outermost first; empty for a scalar (the array is copied)
 * @param begin first byte of the data, relative to the data area
 * @param end one past the last byte of the data, relative to the data area
 * @since 0.1.0
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

  /** Copies the shape and checks the invariants the reader has already validated. */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor " + name + ": negative dimension in " + shapeString(shape));
      }
    }
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor " + name + ": bad byte range [" + begin + ", " + end + ")");
    }
  }

  /**
   * The dimensions, outermost first.
   *
   * @return a copy of the shape
   */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The number of dimensions.
   *
   * @return the rank; 0 for a scalar
   */
  public int rank() {
    return shape.length;
  }

  /**
   * The number of elements: the product of the dimensions (1 for a scalar).
   *
   * @return the element count
   * @throws ArithmeticException if it does not fit a long (the reader never yields such a tensor)
   */
  public long elementCount() {
    return elementCount(shape);
  }

  /**
   * The number of bytes of the data.
   *
   * @return {@code end - begin}
   */
  public long byteSize() {
    return end - begin;
  }

  /**
   * The shape as text, like PyTorch prints it without the brackets' prefix.
   *
   * @return for instance {@code [128, 64]}
   */
  public String shapeString() {
    return shapeString(shape);
  }

  /**
   * The product of the dimensions.
   *
   * @param shape the dimensions
   * @return the element count
   * @throws ArithmeticException on overflow
   */
  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * A shape as text.
   *
   * @param shape the dimensions
   * @return for instance {@code [128, 64]}
   */
  public static String shapeString(long[] shape) {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + shapeString() + " bytes [" + begin + ", " + end + ")";
  }
}
