package io.github.tttvideo.core.weights;

import java.nio.ByteBuffer;

/** Decodes little-endian tensor bytes of a float dtype into float32 values. */
final class FloatDecoder {

  private FloatDecoder() {}

  /**
   * Decodes {@code count} elements from the start of {@code src}.
   *
   * @param dtype the element type, one that {@link DType#isFloatReadable()}
   * @param src little-endian bytes, at least {@code count * dtype.size()} of them
   * @param dst the values
   * @param offset first index of {@code dst} to write
   * @param count elements to decode
   */
  static void decode(DType dtype, ByteBuffer src, float[] dst, int offset, int count) {
    switch (dtype) {
      case F32 -> src.asFloatBuffer().get(dst, offset, count);
      case F64 -> {
        var doubles = src.asDoubleBuffer();
        for (int i = 0; i < count; i++) {
          dst[offset + i] = (float) doubles.get(i);
        }
      }
      case F16 -> {
        var shorts = src.asShortBuffer();
        for (int i = 0; i < count; i++) {
          dst[offset + i] = FloatFormats.fromF16(shorts.get(i));
        }
      }
      case BF16 -> {
        var shorts = src.asShortBuffer();
        for (int i = 0; i < count; i++) {
          dst[offset + i] = FloatFormats.fromBf16(shorts.get(i));
        }
      }
      default -> throw new IllegalArgumentException(dtype + " cannot be read as float");
    }
  }
}
