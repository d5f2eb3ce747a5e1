package io.github.tttvideo.backend.djl.dit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NdOps}'s number-times-array helpers and {@link NdOps#create} keep what autograd reads
 * alive: the gradients are exact even when a garbage collection runs between the forward and
 * the backward pass and the freed memory is reused.
 */
class NdOpsAutogradTest {

  @Test
  void scalarHelpersGiveExactGradientsAfterACollection() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {0.5f, -2f, 3f, 1e-20f});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = x;
        for (int i = 0; i < 20; i++) {
          y = NdOps.div(NdOps.mul(y, 3.0), 1.5); // 2 y per round
        }
        // max(x, 1e-10) passes the gradient only where x is larger
        NDArray z = y.add(NdOps.maximum(x, 1e-10));
        collectAndReuseFreedMemory();
        gc.backward(z.sum());
      }
      float twoTo20 = (float) Math.pow(2, 20);
      assertArrayEquals(new float[] {twoTo20 + 1, twoTo20, twoTo20 + 1, twoTo20},
          x.getGradient().toFloatArray(), 1e-3f);
    }
  }

  @Test
  void createdArraysOwnTheirMemory() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] data = new float[4096];
      java.util.Arrays.fill(data, 2f);
      NDArray w = m.ones(new Shape(4096));
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y;
        try (NDManager step = m.newSubManager()) {
          NDArray c = NdOps.create(step, data, new Shape(4096));
          y = w.mul(c); // autograd keeps c for w's gradient
          y.attach(m);
        } // c closed
        collectAndReuseFreedMemory();
        gc.backward(y.sum());
      }
      NDArray g = w.getGradient();
      assertEquals(2f, g.min().getFloat());
      assertEquals(2f, g.max().getFloat());
    }
  }

  /** Lets the collector free unreachable direct buffers, then fills freed memory with NaN. */
  private static void collectAndReuseFreedMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(30);
    }
    List<ByteBuffer> keep = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4 + (i % 100 == 0 ? 16384 : 0));
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      keep.add(b);
    }
    assertEquals(20_000, keep.size());
  }
}
