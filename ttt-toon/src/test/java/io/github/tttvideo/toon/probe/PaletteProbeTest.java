package io.github.tttvideo.toon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaletteProbeTest {
  private final PaletteProbe probe = new PaletteProbe();

  @Test
  void emptyRoomHasNoCharacters() {
    int[] px = new int[ToonWorld.PIXELS];
    for (int i = 0; i < px.length; i++) {
      px[i] = i / ToonWorld.WIDTH < ToonWorld.WALL_ROWS ? Room.BEACH.wall() : Room.BEACH.floor();
    }
    ProbeReading r = probe.read(ToonFrame.ofArgb(px));
    assertEquals(Room.BEACH, r.room());
    assertFalse(r.tom().present());
    assertFalse(r.jerry().present());
    assertNull(r.tomFur());
    assertEquals(1.0, r.paletteShare());
  }

  @Test
  void noiseIsFarFromThePalette() {
    SplittableRandom rnd = new SplittableRandom(1);
    byte[] rgb = new byte[ToonWorld.PIXELS * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) rnd.nextInt(256);
    }
    ProbeReading r = probe.read(ToonFrame.ofRgbBytes(rgb));
    assertTrue(r.paletteShare() < 0.2, "share " + r.paletteShare());
    assertNull(r.room());
  }
}
