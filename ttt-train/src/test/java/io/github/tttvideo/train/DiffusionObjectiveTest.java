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
  void shiftedTimestepsStayStratifiedAndMoveTowardsHighNoise() {
    double shift = 3;
    TrainRandom rng = new TrainRandom(7);
    int high = 0;
    int draws = 0;
    for (int rep = 0; rep < 200; rep++) {
      int[] t = DiffusionObjective.stratifiedTimesteps(8, rng, shift);
      for (int b = 0; b < 8; b++) {
        // example b lies in [1000 f(b / 8), 1000 f((b + 1) / 8)), f(r) = 3 r / (1 + 2 r)
        double lo = 1000 * shift * (b / 8.0) / (1 + (shift - 1) * (b / 8.0));
        double hi = 1000 * shift * ((b + 1) / 8.0) / (1 + (shift - 1) * ((b + 1) / 8.0));
        assertTrue(t[b] >= Math.floor(lo) && t[b] < Math.max(hi, lo + 1) && t[b] <= 999,
            "t[" + b + "] = " + t[b] + " outside [" + lo + ", " + hi + ")");
        high += t[b] >= 750 ? 1 : 0;
        draws++;
      }
    }
    // f(1/2) = 3/4: half of the draws at t >= 750 (a quarter without the shift)
    assertEquals(0.5, high / (double) draws, 0.01);
  }

  @Test
  void aShiftOfOneIsTheReferenceDrawAndBadShiftsAreRefused() {
    TrainRandom a = new TrainRandom(21);
    TrainRandom b = new TrainRandom(21);
    for (int rep = 0; rep < 50; rep++) {
      assertArrayEquals(DiffusionObjective.stratifiedTimesteps(5, a),
          DiffusionObjective.stratifiedTimesteps(5, b, 1.0));
    }
    for (double bad : new double[] {0.5, 0, -1, Double.NaN, Double.POSITIVE_INFINITY, 101}) {
      assertThrows(IllegalArgumentException.class,
          () -> DiffusionObjective.stratifiedTimesteps(4, new TrainRandom(1), bad));
      assertThrows(IllegalArgumentException.class, () -> new DiffusionObjective(0.1, bad));
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

  @Test
  void weightedLossIsTheWeightedMeanAndEqualWeightsGiveTheMean() {
    try (NDManager m = NDManager.newBaseManager()) {
      DiffusionObjective obj = new DiffusionObjective(0.0);
      // [B 2, Nf 3, C 2, h 2, w 2]; the prediction is the clean latent, so se = (v - x0)^2
      NDArray x0 = m.randomNormal(new Shape(2, 3, 2, 2, 2));
      VPredictor echo = (x, txt, t) -> x.mul(0.5f);
      float plain = obj.loss(echo, x0, texts(2), new TrainRandom(9)).loss().getFloat();
      NDArray fives = m.full(new Shape(2, 3, 1, 2, 2), 5f);
      float equal = obj.loss(echo, x0, fives, texts(2), new TrainRandom(9)).loss().getFloat();
      assertEquals(plain, equal, 1e-5 * Math.abs(plain));
      // one cell of one frame weighs 1, the rest 0: the loss is the mean se over that cell
      float[] w = new float[2 * 3 * 4];
      w[1 * 4 + 3] = 1f; // example 0, frame 1, cell (1, 1)
      NDArray one = m.create(w, new Shape(2, 3, 1, 2, 2));
      TrainRandom rng = new TrainRandom(9);
      float cellLoss = obj.loss(echo, x0, one, texts(2), rng).loss().getFloat();
      // the same draw again, unweighted, with a predictor that records the squared error
      float[][] se = new float[1][];
      VPredictor record = (x, txt, t) -> {
        NDArray v = x.mul(0.5f);
        se[0] = v.toFloatArray();
        return v;
      };
      DiffusionObjective.Result r = obj.loss(record, x0, texts(2), new TrainRandom(9));
      double a = io.github.tttvideo.core.sampling.NoiseSchedule.alpha(r.timesteps()[0]);
      double s = Math.sqrt(Math.max(0, 1 - a * a));
      // v target = a eps - s x0 and noisy = a x0 + s eps, so eps = (noisy - a x0) / s
      float[] x = x0.toFloatArray();
      float[] noisy = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        noisy[i] = se[0][i] * 2f;
      }
      double sum = 0;
      for (int c = 0; c < 2; c++) {
        int i = ((0 * 3 + 1) * 2 + c) * 4 + 3; // [0, 1, c, 1, 1]
        double eps = (noisy[i] - a * x[i]) / s;
        double target = a * eps - s * x[i];
        sum += Math.pow(se[0][i] - target, 2);
      }
      assertEquals(sum / 2, cellLoss, 1e-4 * Math.max(1, sum));
      assertTrue(Math.abs(cellLoss - plain) > 1e-6, "one cell differs from the mean");
    }
  }

  @Test
  void weightsOfAnotherRankAreRefused() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x0 = m.zeros(new Shape(1, 2, 2));
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> new DiffusionObjective(0.0).loss(
              (x, txt, t) -> x, x0, m.ones(new Shape(2, 2)), texts(1), new TrainRandom(1)));
      assertTrue(e.getMessage().contains("weights"), e.getMessage());
    }
  }
}
