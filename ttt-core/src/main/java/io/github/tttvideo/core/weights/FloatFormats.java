package io.github.tttvideo.core.weights;

/**
 * Conversions between {@code float} and the 16-bit float formats of safetensors files.
 *
 * <p>Narrowing rounds to nearest, ties to even, as PyTorch does; values too large become infinity,
 * values too small become (signed) zero or a subnormal. NaN stays NaN (quiet), with its sign.
 *
 * <pre>{@code
 * short h = FloatFormats.toF16(0.1f);      // 0x2e66
 * float back = FloatFormats.fromF16(h);    // 0.099975586f
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FloatFormats {

  private FloatFormats() {}

  /**
   * Widens an IEEE 754 binary16 value; exact for every input.
   *
   * @param half the 16 bits of the half-precision value
   * @return the same value as a float
   */
  public static float fromF16(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      // infinity (mant == 0) or NaN, payload kept in the top mantissa bits
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // zero or subnormal: mant * 2^-24, exact in float
      float magnitude = mant * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // rebias the exponent from 15 to 127
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /**
   * Narrows a float to IEEE 754 binary16, rounding to nearest even.
   *
   * @param value the value
   * @return the 16 bits of the nearest half-precision value
   */
  public static short toF16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      if (mant == 0) {
        return (short) (sign | 0x7c00);
      }
      // NaN: keep what fits of the payload, and make sure it stays a (quiet) NaN
      return (short) (sign | 0x7c00 | 0x200 | (mant >>> 13));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        // below half the smallest subnormal (2^-25): rounds to zero
        return (short) sign;
      }
      int full = mant | 0x800000;
      int shift = 14 - e;
      int m = full >>> shift;
      int rest = full & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (m & 1) != 0)) {
        m++; // may carry into the smallest normal, which is the right answer
      }
      return (short) (sign | m);
    }
    int out = sign | (e << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (out & 1) != 0)) {
      out++; // a carry into the exponent (up to infinity) is the right answer
    }
    return (short) out;
  }

  /**
   * Widens a bfloat16 value; exact for every input.
   *
   * @param bf16 the 16 bits of the bfloat16 value
   * @return the same value as a float
   */
  public static float fromBf16(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }

  /**
   * Narrows a float to bfloat16, rounding to nearest even.
   *
   * @param value the value
   * @return the 16 bits of the nearest bfloat16 value
   */
  public static short toBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7f800000) == 0x7f800000 && (bits & 0x7fffff) != 0) {
      return (short) ((bits >>> 16) | 0x40); // NaN stays a quiet NaN even if its payload is low
    }
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7fff + lsb) >>> 16);
  }
}
