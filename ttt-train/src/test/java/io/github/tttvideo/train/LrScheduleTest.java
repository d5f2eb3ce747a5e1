package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

  @Test
  void warmupRisesLinearlyFromPeakOverWarmup() {
    LrSchedule s = new LrSchedule(LrSchedule.Shape.LINEAR, 1e-4, 1e-5, 10, 110);
    assertEquals(1e-5, s.at(0), 1e-18); // 1e-4 * 1/10
    assertEquals(5e-5, s.at(4), 1e-18); // 1e-4 * 5/10
    assertEquals(1e-4, s.at(9), 1e-18); // 1e-4 * 10/10
  }

  @Test
  void linearGoesFromPeakToEnd() {
    LrSchedule s = new LrSchedule(LrSchedule.Shape.LINEAR, 1e-4, 1e-5, 10, 110);
    assertEquals(1e-4, s.at(10), 1e-18); // s = 0
    assertEquals(5.5e-5, s.at(60), 1e-18); // s = 50 of 100: 1e-4 - 9e-5 / 2
    assertEquals(1e-5, s.at(110), 1e-18); // s = 100
    assertEquals(1e-5, s.at(500), 1e-18); // clamped
  }

  @Test
  void cosineGoesFromPeakToEndAlongHalfCosine() {
    LrSchedule s = new LrSchedule(LrSchedule.Shape.COSINE, 1e-4, 1e-5, 100, 5000);
    assertEquals(1e-4, s.at(100), 1e-18);
    // s = 2450 of 4900: cos(pi/2) = 0 -> 1e-5 + 9e-5 / 2
    assertEquals(5.5e-5, s.at(2550), 1e-15);
    // s = 1225 of 4900: cos(pi/4) = 0.70710678 -> 1e-5 + 9e-5 * 1.70710678 / 2 = 8.681980515e-5
    assertEquals(8.681980515e-5, s.at(1325), 1e-14);
    assertEquals(1e-5, s.at(5000), 1e-18);
  }

  @Test
  void referenceStageOneTttGroup() {
    // 3 s stage: lr_ssm 1e-4 cosine to 1e-5 over 5000 steps, 100 warmup
    LrSchedule ttt = new LrSchedule(LrSchedule.Shape.COSINE, 1e-4, 1e-5, 100, 5000);
    assertEquals(1e-6, ttt.at(0), 1e-18);
    assertEquals(5e-5, ttt.at(49), 1e-18);
    // constant when peak == end
    LrSchedule base = new LrSchedule(LrSchedule.Shape.LINEAR, 1e-5, 1e-5, 100, 5000);
    assertEquals(1e-5, base.at(3000), 1e-20);
  }

  @Test
  void rejectsWarmupNotBelowSteps() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LrSchedule(LrSchedule.Shape.LINEAR, 1e-4, 1e-5, 10, 10));
  }
}
