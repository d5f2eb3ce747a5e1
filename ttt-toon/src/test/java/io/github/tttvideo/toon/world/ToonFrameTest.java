package io.github.tttvideo.toon.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.tttvideo.api.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToonFrameTest {
  @Test
  void argbAndRgbBytesRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(4);
    int[] argb = new int[ToonWorld.PIXELS];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = 0xFF000000 | rnd.nextInt(1 << 24);
    }
    ToonFrame frame = ToonFrame.ofArgb(argb);
    assertArrayEquals(argb, frame.argb());
    assertEquals(frame, ToonFrame.ofRgbBytes(frame.rgbBytes()));
    assertEquals(argb[3 * 64 + 5] & 0xFFFFFF, frame.rgbAt(5, 3));
    byte[] rgb = frame.rgbBytes();
    assertEquals((byte) (argb[0] >> 16), rgb[0]);
  }

  @Test
  void rejectsWrongSizes() {
    assertThrows(InvalidInputException.class, () -> ToonFrame.ofArgb(new int[10]));
    assertThrows(InvalidInputException.class, () -> ToonFrame.ofRgbBytes(new byte[4096]));
  }
}
