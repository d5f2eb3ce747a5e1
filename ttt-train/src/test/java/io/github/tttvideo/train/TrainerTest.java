package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.tttvideo.train.toy.ToyVideoModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  /** 4 steps of 3 s training everything, then 2 steps of 6 s training only "qkvo". */
  private static final List<StagePlan> PLAN =
      List.of(
          new StagePlan("3s", 1, 4, 1, 3e-3, 1e-2, 1e-3, ParameterSelection.sft()),
          new StagePlan("6s", 2, 2, 1, 1e-3, 1e-3, 1e-3, ParameterSelection.qkvo()));

  private static Map<String, float[]> train(Path runDir, long stopAfter) throws Exception {
    return train(runDir, stopAfter, 0);
  }

  private static Map<String, float[]> train(Path runDir, long stopAfter, double ema)
      throws Exception {
    return train(runDir, stopAfter, ema, 1.0);
  }

  private static Map<String, float[]> train(Path runDir, long stopAfter, double ema,
      double timestepShift) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      ToyVideoModel model = new ToyVideoModel(m, 16, 5);
      Trainer.Result r =
          Trainer.builder(model, runDir)
              .stages(PLAN)
              .batchSize(1)
              .checkpointEvery(100)
              .stopAfter(stopAfter)
              .shutdownHook(false)
              .logEvery(0)
              .ema(ema)
              .timestepShift(timestepShift)
              .build()
              .run();
      assertTrue(Files.exists(r.csv()));
      assertTrue(Files.exists(r.plot()));
      Map<String, float[]> out = new LinkedHashMap<>();
      model.parameters().asMap().forEach((k, v) -> out.put(k, v.toFloatArray()));
      return out;
    }
  }

  @Test
  void stoppedAndResumedRunEqualsStraightRunAcrossAStageBoundary(@TempDir Path dir)
      throws Exception {
    Map<String, float[]> straight = train(dir.resolve("a"), 0);
    train(dir.resolve("b"), 3); // stops after 3 steps with a checkpoint
    TrainingState mid =
        Checkpoint.readState(new Checkpoint(dir.resolve("b/checkpoints"), 1).latest().get());
    assertEquals(3, mid.globalStep());
    assertEquals(3, mid.dataCursor());
    Map<String, float[]> resumed = train(dir.resolve("b"), 0);
    for (String k : straight.keySet()) {
      assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
    }
    List<TrainingLog.Row> a = TrainingLog.read(dir.resolve("a/loss.csv"));
    List<TrainingLog.Row> b = TrainingLog.read(dir.resolve("b/loss.csv"));
    assertEquals(6, b.size());
    for (int i = 0; i < 6; i++) {
      assertEquals(a.get(i).loss(), b.get(i).loss(), 0.0, "loss of step " + i);
    }
    assertEquals("6s", b.get(5).stage());
  }

  /**
   * With a parameter average, every checkpoint holds it, a stopped and resumed run ends with the
   * same average as a straight one, and the average is the warmed-up EMA of the parameters after
   * each step.
   */
  @Test
  void theParameterAverageIsCheckpointedAndResumedExactly(@TempDir Path dir) throws Exception {
    double decay = 0.7;
    Map<String, float[]> straight = train(dir.resolve("a"), 0, decay);
    train(dir.resolve("b"), 3, decay);
    Path mid = new Checkpoint(dir.resolve("b/checkpoints"), 1).latest().orElseThrow();
    assertTrue(Checkpoint.hasEma(mid));
    train(dir.resolve("b"), 0, decay);
    Path endA = new Checkpoint(dir.resolve("a/checkpoints"), 1).latest().orElseThrow();
    Path endB = new Checkpoint(dir.resolve("b/checkpoints"), 1).latest().orElseThrow();
    Map<String, float[]> avgA = average(endA, decay);
    Map<String, float[]> avgB = average(endB, decay);
    for (String k : avgA.keySet()) {
      assertArrayEquals(avgA.get(k), avgB.get(k), 0f, k);
    }
    // the average is not the last parameters (they moved in the last steps)
    assertFalse(java.util.Arrays.equals(straight.get("ttt.gate"), avgA.get("ttt.gate")));

    // the average after each of the six steps, recomputed from runs stopped after 1..6 steps
    float[] init = initialGate();
    double[] expected = new double[init.length];
    for (int i = 0; i < init.length; i++) {
      expected[i] = init[i];
    }
    for (int n = 0; n < 6; n++) {
      float[] after = train(dir.resolve("s" + (n + 1)), n + 1, 0).get("ttt.gate");
      double d = Math.min(decay, (1.0 + n) / (10.0 + n));
      for (int i = 0; i < expected.length; i++) {
        expected[i] = d * expected[i] + (1 - d) * after[i];
      }
    }
    float[] got = avgA.get("ttt.gate");
    assertEquals(init.length, got.length);
    for (int i = 0; i < got.length; i++) {
      assertEquals(expected[i], got[i], 1e-6, "ttt.gate[" + i + "]");
    }
  }

  private static float[] initialGate() {
    try (NDManager m = NDManager.newBaseManager()) {
      return new ToyVideoModel(m, 16, 5).parameters().get("ttt.gate").toFloatArray();
    }
  }

  private static Map<String, float[]> average(Path checkpoint, double decay) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      ToyVideoModel model = new ToyVideoModel(m, 16, 5);
      try (EmaWeights ema = new EmaWeights(model.parameters(), decay)) {
        Checkpoint.restoreEma(checkpoint, ema);
        assertEquals(Checkpoint.readState(checkpoint).globalStep(), ema.updates());
        Map<String, float[]> out = new LinkedHashMap<>();
        ema.arrays().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
      }
    }
  }

  @Test
  void aShiftOfOneTrainsExactlyAsBeforeAndALargerShiftTrainsAtOtherTimesteps(@TempDir Path dir)
      throws Exception {
    Map<String, float[]> plain = train(dir.resolve("a"), 0);
    Map<String, float[]> one = train(dir.resolve("b"), 0, 0, 1.0);
    Map<String, float[]> three = train(dir.resolve("c"), 0, 0, 3.0);
    for (String k : plain.keySet()) {
      assertArrayEquals(plain.get(k), one.get(k), 0f, k);
    }
    List<TrainingLog.Row> a = TrainingLog.read(dir.resolve("a/loss.csv"));
    List<TrainingLog.Row> c = TrainingLog.read(dir.resolve("c/loss.csv"));
    // batch 1 draws t = floor(1000 u) without the shift and floor(1000 f(u)) > it with shift 3,
    // so the very first loss (same parameters, same noise) already differs
    assertNotEquals(a.get(0).loss(), c.get(0).loss());
    assertFalse(java.util.Arrays.equals(plain.get("out.bias"), three.get("out.bias")));
    for (double bad : new double[] {0.99, Double.NaN, 1000}) {
      try (NDManager m = NDManager.newBaseManager()) {
        Trainer.Builder b = Trainer.builder(new ToyVideoModel(m, 16, 5), dir.resolve("d"))
            .stages(PLAN)
            .timestepShift(bad);
        assertThrows(IllegalArgumentException.class, b::build);
      }
    }
  }

  @Test
  void laterStageTrainsOnlyTheSelection(@TempDir Path dir) throws Exception {
    Map<String, float[]> afterStage1 = train(dir, 4);
    Map<String, float[]> end = train(dir, 0);
    assertArrayEquals(afterStage1.get("mlp.fc1.weight"), end.get("mlp.fc1.weight"), 0f);
    assertArrayEquals(afterStage1.get("out.bias"), end.get("out.bias"), 0f);
    assertFalse(java.util.Arrays.equals(afterStage1.get("ttt.gate"), end.get("ttt.gate")));
  }

  @Test
  void stopFileEndsTheRunWithACheckpoint(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("STOP"), "");
    try (NDManager m = NDManager.newBaseManager()) {
      Trainer.Result r =
          Trainer.builder(new ToyVideoModel(m, 8, 1), dir)
              .stages(PLAN)
              .shutdownHook(false)
              .logEvery(0)
              .build()
              .run();
      assertTrue(r.stopped());
      assertEquals(1, r.globalStep());
      assertEquals(1, Checkpoint.readState(r.checkpoint()).globalStep());
    }
  }

  /**
   * The trainer asks a batch source for each step's stage (not only its story length), so a
   * source can serve two stages of one length from different data.
   */
  @Test
  void theBatchSourceIsAskedForTheStageBeingTrained(@TempDir Path dir) throws Exception {
    List<String> asked = new java.util.ArrayList<>();
    BatchSource source = new BatchSource() {
      @Override
      public Batch batch(NDManager m, int segments, long cursor, int batchSize) {
        throw new AssertionError("the trainer must call the stage-aware method");
      }

      @Override
      public Batch batch(NDManager m, StagePlan stage, long cursor, int batchSize) {
        asked.add(stage.name() + "@" + cursor);
        int frames = 1 + 12 * stage.segments();
        return new Batch(m.zeros(new ai.djl.ndarray.types.Shape(batchSize, frames,
            ToyVideoModel.LATENT)), java.util.Collections.nCopies(batchSize,
            java.util.Collections.nCopies(stage.segments(), "Tom sleeps.")), cursor + batchSize);
      }
    };
    try (NDManager m = NDManager.newBaseManager()) {
      Trainer.builder(new ToyVideoModel(m, 8, 2), dir)
          .stages(PLAN)
          .batchSource(source)
          .batchSize(2)
          .shutdownHook(false)
          .logEvery(0)
          .build()
          .run();
    }
    assertEquals(6, asked.size(), asked.toString());
    assertEquals(List.of("3s", "3s", "3s", "3s", "6s", "6s"),
        asked.stream().map(a -> a.substring(0, a.indexOf('@'))).toList());
    assertEquals("3s@0", asked.get(0));
    assertEquals("3s@2", asked.get(1));
  }

  @Test
  void aSourceOfStoryLengthsServesEveryStageByItsLength() {
    List<Integer> lengths = new java.util.ArrayList<>();
    BatchSource source = (m, segments, cursor, batchSize) -> {
      lengths.add(segments);
      return new BatchSource.Batch(null, List.of(), cursor + batchSize);
    };
    BatchSource.Batch b = source.batch(null, PLAN.get(1), 5, 3);
    assertEquals(List.of(2), lengths);
    assertEquals(8, b.nextCursor());
  }
}
