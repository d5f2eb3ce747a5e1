package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffusionObjectiveTest {

  @Test
  void timestepsAreStratifiedOverTheBatch() {
    int[] t = DiffusionObjective.stratifiedTimesteps(8, new TrainRandom(3));
    for (int b = 0; b < 8; b++) {
      assertTrue(t[b] >= 125 * b && t[b] < 125 * (b + 1), "t[" + b + "] = " + t[b]);
    }
  }

  @Test
  void textDropoutRateIsAboutTenPercent() {
    try (NDManager m = NDManager.newBaseManager()) {
      DiffusionObjective obj = new DiffusionObjective();
      TrainRandom rng = new TrainRandom(11);
      NDArray x0 = m.zeros(new Shape(100, 2));
      List<List<String>> texts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        texts.add(List.of("Tom jumps."));
      }
      int dropped = 0;
      for (int rep = 0; rep < 20; rep++) {
        boolean[] d = obj.loss((x, txt, t) -> x.zerosLike(), x0, texts, rng).textDropped();
        for (boolean b : d) {
          dropped += b ? 1 : 0;
        }
      }
      assertEquals(0.1, dropped / 2000.0, 0.02);
    }
  }

  @Test
  void zeroPredictionLossIsMeanSquaredV() {
    try (NDManager m = NDManager.newBaseManager()) {
      // x0 = 0: v = a eps, so the loss of v_hat = 0 is mean(a^2 eps^2) over the batch
      DiffusionObjective obj = new DiffusionObjective(0.0);
      NDArray x0 = m.zeros(new Shape(4, 1000));
      DiffusionObjective.Result r =
          obj.loss((x, txt, t) -> x.zerosLike(), x0, texts(4), new TrainRandom(5));
      double expected = 0;
      for (int t : r.timesteps()) {
        double a = io.github.tttvideo.core.sampling.NoiseSchedule.alpha(t);
        expected += a * a / 4;
      }
      assertEquals(expected, r.loss().getFloat(), 0.05);
    }
  }

  @Test
  void lossOfToyMlpFallsWhileTraining() {
    try (NDManager m = NDManager.newBaseManager()) {
      int dim = 16;
      ToyMlp net = new ToyMlp(m, dim, 64, 1);
      // a tiny fixed batch of structured "latents"
      float[] data = new float[4 * dim];
      TrainRandom dataRng = new TrainRandom(99);
      for (int b = 0; b < 4; b++) {
        for (int i = 0; i < dim; i++) {
          data[b * dim + i] = (float) Math.sin(0.7 * i + b) * 0.8f + (float) (dataRng.nextDouble() * 0.1);
        }
      }
      NDArray x0 = m.create(data, new Shape(4, dim));
      DiffusionObjective obj = new DiffusionObjective();
      try (AdamW opt =
          new AdamW(m, net.params, AdamW.referenceGroups(net.params), 0.9, 0.95, 1e-8, 1.0)) {
        opt.setLr(AdamW.GROUP_TTT, 1e-2);
        opt.setLr(AdamW.GROUP_BASE, 1e-2);
        double initial = evalLoss(net, obj, x0);
        TrainRandom rng = new TrainRandom(7);
        for (int step = 0; step < 50; step++) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(obj.loss(net, x0, texts(4), rng).loss());
          }
          opt.step();
        }
        double last = evalLoss(net, obj, x0);
        org.slf4j.LoggerFactory.getLogger(DiffusionObjectiveTest.class)
            .info("toy MLP v-loss: initial {}, after 50 steps {}", initial, last);
        assertTrue(last < 0.7 * initial, "initial " + initial + ", final " + last);
      }
    }
  }

  /** The loss averaged over a fixed set of draws (no gradient). */
  private static double evalLoss(ToyMlp net, DiffusionObjective obj, NDArray x0) {
    TrainRandom rng = new TrainRandom(12345);
    double sum = 0;
    for (int i = 0; i < 16; i++) {
      sum += obj.loss(net, x0, texts(4), rng).loss().getFloat();
    }
    return sum / 16;
  }

  static List<List<String>> texts(int n) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(List.of("Tom jumps."));
    }
    return out;
  }
}
