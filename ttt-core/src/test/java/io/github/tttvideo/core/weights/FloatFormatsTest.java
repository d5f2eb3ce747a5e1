package io.github.tttvideo.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatFormatsTest {

  private static short h(int bits) {
    return (short) bits;
  }

  @Test
  void f16KnownValuesWiden() {
    assertEquals(0.0f, FloatFormats.fromF16(h(0x0000)));
    assertEquals(
        Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(FloatFormats.fromF16(h(0x8000))));
    assertEquals(1.0f, FloatFormats.fromF16(h(0x3c00)));
    assertEquals(-2.0f, FloatFormats.fromF16(h(0xc000)));
    assertEquals(65504.0f, FloatFormats.fromF16(h(0x7bff)));
    assertEquals(0x1p-14f, FloatFormats.fromF16(h(0x0400)), "smallest normal");
    assertEquals(0x1p-24f, FloatFormats.fromF16(h(0x0001)), "smallest subnormal");
    assertEquals(0x3ffp-24f, FloatFormats.fromF16(h(0x03ff)), "largest subnormal");
    assertEquals(0.333251953125f, FloatFormats.fromF16(h(0x3555)));
    assertEquals(Float.POSITIVE_INFINITY, FloatFormats.fromF16(h(0x7c00)));
    assertEquals(Float.NEGATIVE_INFINITY, FloatFormats.fromF16(h(0xfc00)));
    assertTrue(Float.isNaN(FloatFormats.fromF16(h(0x7e00))));
    assertTrue(Float.isNaN(FloatFormats.fromF16(h(0x7c01))), "signalling NaN stays NaN");
  }

  @Test
  void f16NarrowingRoundsToNearestEven() {
    assertEquals(h(0x3c00), FloatFormats.toF16(1.0f));
    assertEquals(h(0x2e66), FloatFormats.toF16(0.1f));
    assertEquals(h(0x7bff), FloatFormats.toF16(65504.0f));
    assertEquals(
        h(0x7bff), FloatFormats.toF16(65519.0f), "just below the rounding point to infinity");
    assertEquals(h(0x7c00), FloatFormats.toF16(65520.0f), "ties to even round up into infinity");
    assertEquals(h(0x7c00), FloatFormats.toF16(1e10f));
    assertEquals(h(0xfc00), FloatFormats.toF16(Float.NEGATIVE_INFINITY));
    // 1 + 2^-11 is exactly halfway between 1 and 1 + 2^-10: ties to the even mantissa (1.0)
    assertEquals(h(0x3c00), FloatFormats.toF16(1.0f + 0x1p-11f));
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
    assertEquals(h(0x3c02), FloatFormats.toF16(1.0f + 3 * 0x1p-11f));
    assertEquals(
        h(0x3c01), FloatFormats.toF16(1.0f + 0x1p-11f + 0x1p-20f), "above halfway rounds up");
  }

  @Test
  void f16SubnormalsAndUnderflow() {
    assertEquals(h(0x0001), FloatFormats.toF16(0x1p-24f));
    assertEquals(h(0x03ff), FloatFormats.toF16(0x3ffp-24f));
    assertEquals(
        h(0x0000), FloatFormats.toF16(0x1p-25f), "halfway to the smallest subnormal ties to zero");
    assertEquals(
        h(0x0001),
        FloatFormats.toF16(0x1.8p-25f),
        "above halfway rounds up to the smallest subnormal");
    assertEquals(h(0x0002), FloatFormats.toF16(0x3p-25f), "1.5 subnormal steps ties to 2");
    assertEquals(
        h(0x0400),
        FloatFormats.toF16(0x7ffp-25f),
        "rounds up from the largest subnormal into the smallest normal");
    assertEquals(h(0x8000), FloatFormats.toF16(-1e-30f));
    assertEquals(h(0x0000), FloatFormats.toF16(Float.MIN_VALUE));
  }

  @Test
  void f16NanStaysNanWithSign() {
    short nan = FloatFormats.toF16(Float.NaN);
    assertEquals(0x7c00, nan & 0x7c00);
    assertTrue((nan & 0x3ff) != 0);
    short negativeLowPayload = FloatFormats.toF16(Float.intBitsToFloat(0xff800001));
    assertTrue(Float.isNaN(FloatFormats.fromF16(negativeLowPayload)));
    assertEquals(0x8000, negativeLowPayload & 0x8000);
  }

  @Test
  void everyF16RoundTripsThroughFloat() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      float f = FloatFormats.fromF16(h(bits));
      short back = FloatFormats.toF16(f);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(FloatFormats.fromF16(back)), "NaN " + Integer.toHexString(bits));
      } else {
        assertEquals(h(bits), back, "0x" + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void bf16KnownValues() {
    assertEquals(1.0f, FloatFormats.fromBf16(h(0x3f80)));
    assertEquals(-2.0f, FloatFormats.fromBf16(h(0xc000)));
    assertEquals(Float.POSITIVE_INFINITY, FloatFormats.fromBf16(h(0x7f80)));
    assertEquals(0x1p-133f, FloatFormats.fromBf16(h(0x0001)), "smallest subnormal");
    assertEquals(h(0x3dcd), FloatFormats.toBf16(0.1f));
    assertEquals(h(0x3f80), FloatFormats.toBf16(1.0f + 0x1p-8f), "tie rounds to even (down)");
    assertEquals(h(0x3f82), FloatFormats.toBf16(1.0f + 3 * 0x1p-8f), "tie rounds to even (up)");
    assertEquals(h(0x7f80), FloatFormats.toBf16(Float.MAX_VALUE), "overflow rounds to infinity");
    assertEquals(h(0x0001), FloatFormats.toBf16(0x1p-133f));
    assertTrue(
        Float.isNaN(FloatFormats.fromBf16(FloatFormats.toBf16(Float.intBitsToFloat(0x7f800001)))),
        "NaN with a payload only in the dropped bits stays NaN");
  }

  @Test
  void everyBf16RoundTripsThroughFloat() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      float f = FloatFormats.fromBf16(h(bits));
      short back = FloatFormats.toBf16(f);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(FloatFormats.fromBf16(back)));
      } else {
        assertEquals(h(bits), back, "0x" + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void narrowingPicksTheNearestRepresentable() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      if (Float.isNaN(f) || Math.abs(f) > 65504f) {
        continue;
      }
      checkNearest(f, FloatFormats.toF16(f), 0x7bff, b -> FloatFormats.fromF16((short) b));
      if (Math.abs(f) <= 0x1.fep127f) {
        checkNearest(f, FloatFormats.toBf16(f), 0x7f7f, b -> FloatFormats.fromBf16((short) b));
      }
    }
  }

  /** The chosen 16-bit magnitude is at least as close as both neighbouring magnitudes. */
  private static void checkNearest(
      float f, short chosen, int maxFinite, java.util.function.IntFunction<Float> widen) {
    int sign = chosen & 0x8000;
    int magnitude = chosen & 0x7fff;
    double error = Math.abs((double) widen.apply(chosen) - f);
    for (int neighbour : new int[] {magnitude - 1, magnitude + 1}) {
      if (neighbour < 0 || neighbour > maxFinite) {
        continue;
      }
      double other = Math.abs((double) widen.apply(sign | neighbour) - f);
      assertTrue(
          error <= other,
          () ->
              f
                  + " -> 0x"
                  + Integer.toHexString(chosen & 0xffff)
                  + " but 0x"
                  + Integer.toHexString(sign | neighbour)
                  + " is closer");
    }
  }
}
