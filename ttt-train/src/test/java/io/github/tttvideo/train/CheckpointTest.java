package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final int DIM = 8;

  /** The objects of one "process": model, optimizer, random numbers, data cursor. */
  private static final class Run implements AutoCloseable {
    final NDManager manager = NDManager.newBaseManager();
    final ToyMlp net = new ToyMlp(manager, DIM, 16, 3);
    final AdamW opt =
        new AdamW(manager, net.params, AdamW.referenceGroups(net.params), 0.9, 0.95, 1e-8, 0.5);
    final TrainRandom rng = new TrainRandom(42);
    final DiffusionObjective objective = new DiffusionObjective();
    long cursor;

    void step() {
      // data depends on the cursor only
      float[] x = new float[2 * DIM];
      TrainRandom data = new TrainRandom(1000 + cursor);
      data.fillGaussian(x);
      NDArray x0 = manager.create(x, new Shape(2, DIM));
      opt.setLr(AdamW.GROUP_TTT, 1e-2);
      opt.setLr(AdamW.GROUP_BASE, 3e-3);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(objective.loss(net, x0, DiffusionObjectiveTest.texts(2), rng).loss());
      }
      opt.step();
      cursor += 2;
    }

    TrainingState state(long globalStep) {
      return new TrainingState(globalStep, 0, "3s", (int) globalStep, opt.stepCount(),
          rng.state(), cursor);
    }

    Map<String, float[]> values() {
      Map<String, float[]> out = new LinkedHashMap<>();
      net.params.asMap().forEach((k, v) -> out.put(k, v.toFloatArray()));
      return out;
    }

    @Override
    public void close() {
      opt.close();
      manager.close();
    }
  }

  @Test
  void resumingContinuesBitIdentically(@TempDir Path dir) throws Exception {
    Map<String, float[]> straight;
    try (Run a = new Run()) {
      for (int i = 0; i < 6; i++) {
        a.step();
      }
      straight = a.values();
    }
    Checkpoint ckpt = new Checkpoint(dir, 2);
    try (Run b = new Run()) {
      for (int i = 0; i < 3; i++) {
        b.step();
      }
      ckpt.save(b.state(3), b.net.params, b.opt);
    }
    Map<String, float[]> resumed;
    try (Run c = new Run()) {
      Path latest = ckpt.latest().orElseThrow();
      TrainingState s = Checkpoint.restore(latest, c.net.params, c.opt);
      c.rng.restore(s.rngState());
      c.cursor = s.dataCursor();
      assertEquals(3, s.optimizerStep());
      for (int i = 0; i < 3; i++) {
        c.step();
      }
      resumed = c.values();
    }
    assertEquals(straight.keySet(), resumed.keySet());
    for (String k : straight.keySet()) {
      assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
    }
  }

  @Test
  void keepsTheLastNAndIgnoresHalfWrittenOnes(@TempDir Path dir) throws Exception {
    Checkpoint ckpt = new Checkpoint(dir, 2);
    try (Run r = new Run()) {
      for (int s = 1; s <= 4; s++) {
        r.step();
        ckpt.save(r.state(s), r.net.params, r.opt);
      }
      // an interrupted write leaves only a hidden temp directory
      Files.createDirectories(dir.resolve(".tmp-step-000000009"));
      List<Path> all = ckpt.list();
      assertEquals(List.of(dir.resolve("step-000000003"), dir.resolve("step-000000004")), all);
      assertEquals(dir.resolve("step-000000004"), ckpt.latest().orElseThrow());
      assertTrue(Files.exists(dir.resolve("step-000000004").resolve("params.safetensors")));
      assertTrue(Files.exists(dir.resolve("step-000000004").resolve("optimizer.safetensors")));
      ckpt.save(r.state(5), r.net.params, r.opt);
      assertTrue(Files.notExists(dir.resolve(".tmp-step-000000009")));
    }
  }

  @Test
  void restoreNamesAMismatchedShape(@TempDir Path dir) throws Exception {
    Checkpoint ckpt = new Checkpoint(dir, 1);
    try (Run r = new Run()) {
      ckpt.save(r.state(0), r.net.params, null);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters other = new NamedParameters();
      other.add("fc1.weight", m.zeros(new Shape(3, 3)));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class,
              () -> Checkpoint.restore(ckpt.latest().orElseThrow(), other, null));
      assertTrue(e.getMessage().contains("fc1.weight has shape [10, 16], expected [3, 3]"),
          e.getMessage());
    }
  }
}
