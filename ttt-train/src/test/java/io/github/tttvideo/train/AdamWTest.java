package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

  /** loss = sum(c * p^2): gradient 2 c p. */
  private static void backward(NamedParameters params, float c) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = null;
      for (String n : params.trainableNames()) {
        NDArray term = params.get(n).square().mul(c).sum();
        loss = loss == null ? term : loss.add(term);
      }
      gc.backward(loss);
    }
  }

  @Test
  void twoStepsMatchHandComputedAdamW() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters params = new NamedParameters();
      params.add("blocks.0.attn.wq.weight", m.create(new float[] {1f, -2f}));
      params.add("blocks.0.attn.wq.bias", m.create(new float[] {0.5f}));
      try (AdamW opt = new AdamW(m, params, AdamW.referenceGroups(params), 0.9, 0.95, 1e-8, 0)) {
        opt.setLr(AdamW.GROUP_BASE, 0.1);
        double[] w = {1, -2};
        double[] bias = {0.5};
        double[] mw = new double[2];
        double[] vw = new double[2];
        double[] mb = new double[1];
        double[] vb = new double[1];
        for (int t = 1; t <= 2; t++) {
          backward(params, 1.5f);
          opt.step();
          reference(w, mw, vw, t, 0.1, 1e-4, 1.5);
          reference(bias, mb, vb, t, 0.1, 0.0, 1.5);
        }
        float[] got = params.get("blocks.0.attn.wq.weight").toFloatArray();
        assertEquals(w[0], got[0], 1e-6);
        assertEquals(w[1], got[1], 1e-6);
        assertEquals(bias[0], params.get("blocks.0.attn.wq.bias").toFloatArray()[0], 1e-6);
        assertEquals(2, opt.stepCount());
      }
    }
  }

  /** PyTorch's AdamW for one tensor, in double. */
  private static void reference(
      double[] p, double[] m, double[] v, int t, double lr, double wd, double c) {
    for (int i = 0; i < p.length; i++) {
      double g = 2 * c * p[i];
      p[i] *= 1 - lr * wd;
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.95 * v[i] + 0.05 * g * g;
      double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.95, t)) + 1e-8;
      p[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denom;
    }
  }

  @Test
  void clippingScalesGradientsToTheGlobalNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters params = new NamedParameters();
      params.add("a", m.create(new float[] {3f}));
      params.add("b", m.create(new float[] {4f}));
      // SGD-like check through the moments: with clipping the first m is 0.1 * clipped g
      try (AdamW opt = new AdamW(m, params, AdamW.referenceGroups(params), 0.9, 0.95, 1e-8, 1.0)) {
        backward(params, 0.5f); // g = p: (3, 4), norm 5
        assertEquals(5.0, opt.gradientNorm(), 1e-6);
        double norm = opt.step();
        assertEquals(5.0, norm, 1e-6);
        float ma = opt.stateArrays().get("m.a").toFloatArray()[0];
        float mb = opt.stateArrays().get("m.b").toFloatArray()[0];
        assertEquals(0.1 * 3 / 5.000001, ma, 1e-6);
        assertEquals(0.1 * 4 / 5.000001, mb, 1e-6);
        // gradients were zeroed
        assertEquals(0.0, opt.gradientNorm(), 0.0);
      }
    }
  }

  @Test
  void referenceGroupsSplitTttAndDecay() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      for (String n :
          List.of("blocks.0.ttt.W1", "blocks.0.ttt.b1", "blocks.0.ssm_gate.alpha",
              "blocks.0.attn.wq.weight", "blocks.0.attn.wq.bias", "blocks.0.attn.q_norm.weight",
              "patch_embed.weight")) {
        p.add(n, m.zeros(new ai.djl.ndarray.types.Shape(1)));
      }
      List<AdamW.Group> groups = AdamW.referenceGroups(p);
      assertEquals(4, groups.size());
      assertEquals(new AdamW.Group("ttt/decay", "ttt", 1e-4,
          List.of("blocks.0.ttt.W1", "blocks.0.ssm_gate.alpha")), groups.get(0));
      assertEquals(List.of("blocks.0.ttt.b1"), groups.get(1).params());
      assertEquals(0.0, groups.get(1).weightDecay());
      assertEquals(List.of("blocks.0.attn.wq.weight", "patch_embed.weight"),
          groups.get(2).params());
      assertEquals(List.of("blocks.0.attn.wq.bias", "blocks.0.attn.q_norm.weight"),
          groups.get(3).params());
    }
  }

  @Test
  void frozenParametersDoNotMove() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters p = new NamedParameters();
      p.add("mlp.fc1.weight", m.create(new float[] {1f, 2f}));
      p.add("blocks.0.ttt.W1", m.create(new float[] {1f, 2f}));
      p.select(ParameterSelection.qkvo());
      assertFalse(p.isTrainable("mlp.fc1.weight"));
      assertTrue(p.isTrainable("blocks.0.ttt.W1"));
      try (AdamW opt = new AdamW(m, p, AdamW.referenceGroups(p), 0.9, 0.95, 1e-8, 0)) {
        opt.setLr(AdamW.GROUP_TTT, 0.1);
        backward(p, 1f);
        opt.step();
      }
      assertArrayEquals(new float[] {1f, 2f}, p.get("mlp.fc1.weight").toFloatArray());
      assertTrue(p.get("blocks.0.ttt.W1").toFloatArray()[0] < 1f);
    }
  }

  @Test
  void nonFiniteGradientsNameTheParametersHit() {
    try (NDManager m = NDManager.newBaseManager()) {
      NamedParameters params = new NamedParameters();
      params.add("a", m.create(new float[] {1f, 1f, 1f}));
      params.add("b", m.create(new float[] {2f}));
      try (AdamW opt = new AdamW(m, params, AdamW.referenceGroups(params), 0.9, 0.95, 1e-8, 1.0)) {
        backward(params, 0.5f); // g = p
        assertTrue(opt.nonFiniteGradients().isEmpty());
        NDArray g = params.get("a").getGradient();
        g.set(new float[] {Float.NaN, -3f, Float.POSITIVE_INFINITY});
        assertEquals(java.util.Map.of("a", "nan 1, inf 1, max finite |g| 3.0"),
            opt.nonFiniteGradients());
        assertFalse(Double.isFinite(opt.gradientNorm()));
      }
    }
  }
}
