package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void multiplesOfThreeMapToSegments() {
    assertEquals(1, Durations.segmentsFor(3));
    assertEquals(3, Durations.segmentsFor(9));
    assertEquals(21, Durations.segmentsFor(63));
    assertEquals(63, Durations.secondsFor(21));
  }

  @Test
  void negativeZeroAndNonMultiplesAreRejected() {
    assertEquals("duration must be > 0 seconds, got -3",
        assertThrows(InvalidInputException.class, () -> Durations.segmentsFor(-3)).getMessage());
    assertThrows(InvalidInputException.class, () -> Durations.segmentsFor(0));
    String msg =
        assertThrows(InvalidInputException.class, () -> Durations.segmentsFor(10)).getMessage();
    assertTrue(msg.contains("multiple of 3") && msg.contains("got 10") && msg.contains("9 or 12"),
        msg);
    assertThrows(InvalidInputException.class, () -> Durations.secondsFor(0));
  }
}
