package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmaWeightsTest {

  /** The average after each update equals the formula evaluated in double precision. */
  @Test
  void followsTheWarmedUpExponentialAverage() {
    double decay = 0.6;
    float[][] values = {{1f, -2f, 0.5f}, {3f, 0f, 0.25f}, {-1f, 4f, 2f}, {0f, 1f, -3f},
        {2f, 2f, 2f}, {5f, -5f, 1f}};
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      p.add("w", m.create(new float[] {0f, 0f, 0f}, new Shape(3)));
      try (EmaWeights ema = new EmaWeights(p, decay)) {
        double[] expected = {0, 0, 0};
        for (int n = 0; n < values.length; n++) {
          double d = Math.min(decay, (1.0 + n) / (10.0 + n));
          assertEquals(d, ema.nextDecay(), 1e-15, "decay of update " + n);
          p.get("w").set(values[n]);
          ema.update(p);
          for (int i = 0; i < 3; i++) {
            expected[i] = d * expected[i] + (1 - d) * values[n][i];
          }
          float[] got = ema.arrays().get("w").toFloatArray();
          for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], got[i], 1e-5, "update " + n + ", value " + i);
          }
        }
        assertEquals(values.length, ema.updates());
        // still in the warm-up after six updates: (1 + 6) / (10 + 6) < 0.6
        assertEquals(Math.min(decay, 7.0 / 16.0), ema.nextDecay(), 1e-15);
        // the parameters themselves are not touched
        assertArrayEquals(values[values.length - 1], p.get("w").toFloatArray(), 0f);
      }
    }
  }

  @Test
  void constantParametersKeepTheAverageExactlyAndItIsACopy() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      float[] v = {0.1f, -7.25f, 3e-8f, 1e6f};
      p.add("a", m.create(v, new Shape(2, 2)));
      try (EmaWeights ema = new EmaWeights(p, 0.999)) {
        for (int n = 0; n < 20; n++) {
          ema.update(p);
        }
        assertArrayEquals(v, ema.arrays().get("a").toFloatArray(), 0f);
        p.get("a").set(new float[] {1f, 1f, 1f, 1f});
        assertArrayEquals(v, ema.arrays().get("a").toFloatArray(), 0f,
            "changing a parameter must not change its average");
      }
    }
  }

  @Test
  void rejectsBadDecaysAndMismatchedParameters() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      p.add("a", m.zeros(new Shape(2)));
      for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
        assertThrows(IllegalArgumentException.class, () -> new EmaWeights(p, bad).close(),
            "decay " + bad);
      }
      try (EmaWeights ema = new EmaWeights(p, 0.9)) {
        NamedParameters other = new NamedParameters();
        other.add("a", m.zeros(new Shape(3)));
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> ema.update(other));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> ema.restore(Map.of("a", new float[3]), 1));
        assertThrows(IllegalArgumentException.class,
            () -> ema.restore(Map.of("b", new float[2]), 1));
        assertThrows(IllegalArgumentException.class,
            () -> ema.restore(Map.of("a", new float[2]), -1));
      }
    }
  }

  /** A checkpoint keeps the average and its update count; without one it says so. */
  @Test
  void checkpointsSaveAndRestoreTheAverage(@TempDir Path dir) throws Exception {
    Checkpoint ckpt = new Checkpoint(dir, 2);
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      p.add("w", m.create(new float[] {1f, 2f}, new Shape(2)));
      p.add("b", m.create(new float[] {-1f}, new Shape(1)));
      Path with;
      float[] avgW;
      try (EmaWeights ema = new EmaWeights(p, 0.5)) {
        p.get("w").set(new float[] {3f, 6f});
        ema.update(p);
        p.get("w").set(new float[] {5f, -6f});
        ema.update(p);
        avgW = ema.arrays().get("w").toFloatArray();
        with = ckpt.save(new TrainingState(2, 0, "s", 2, 2, 7, 2), p, null, ema);
      }
      assertTrue(Checkpoint.hasEma(with));
      try (EmaWeights back = new EmaWeights(p, 0.5)) {
        assertFalse(Arrays.equals(avgW, back.arrays().get("w").toFloatArray()));
        Checkpoint.restoreEma(with, back);
        assertArrayEquals(avgW, back.arrays().get("w").toFloatArray(), 0f);
        assertEquals(2, back.updates());
      }
      Checkpoint.restoreAverageInto(with, p);
      assertArrayEquals(avgW, p.get("w").toFloatArray(), 0f);
      assertArrayEquals(new float[] {-1f}, p.get("b").toFloatArray(), 0f);

      Path without = ckpt.save(new TrainingState(3, 0, "s", 3, 3, 7, 3), p, null);
      assertFalse(Checkpoint.hasEma(without));
      IOException e =
          assertThrows(IOException.class, () -> Checkpoint.restoreAverageInto(without, p));
      assertTrue(e.getMessage().contains("no parameter average"), e.getMessage());
      try (EmaWeights ema = new EmaWeights(p, 0.5)) {
        assertThrows(IOException.class, () -> Checkpoint.restoreEma(without, ema));
      }
    }
  }
}
