package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A 2-layer MLP v-predictor on flat latents [B, D], for tests. */
final class ToyMlp implements VPredictor {
  final NamedParameters params = new NamedParameters();
  private final int dim;

  ToyMlp(NDManager manager, int dim, int hidden, long seed) {
    this.dim = dim;
    TrainRandom rng = new TrainRandom(seed);
    params.add("fc1.weight", randn(manager, rng, new Shape(dim + 2, hidden), 1 / Math.sqrt(dim + 2)));
    params.add("fc1.bias", manager.zeros(new Shape(hidden)));
    params.add("ttt.fc2.weight", randn(manager, rng, new Shape(hidden, dim), 1 / Math.sqrt(hidden)));
    params.add("ttt.fc2.bias", manager.zeros(new Shape(dim)));
  }

  static NDArray randn(NDManager m, TrainRandom rng, Shape shape, double std) {
    float[] v = rng.fillGaussian(new float[(int) shape.size()]);
    for (int i = 0; i < v.length; i++) {
      v[i] *= (float) std;
    }
    return m.create(v, shape);
  }

  @Override
  public NDArray predictV(NDArray noisy, TextBatch text, NDArray timesteps) {
    NDArray tt = timesteps.div(1000f).reshape(-1, 1); // [B, 1]
    NDArray feats = noisy.concat(tt, 1).concat(tt.square(), 1); // [B, D + 2]
    NDArray h = feats.matMul(params.get("fc1.weight")).add(params.get("fc1.bias")).tanh(); // [B, H]
    return h.matMul(params.get("ttt.fc2.weight")).add(params.get("ttt.fc2.bias")); // [B, D]
  }

  int dim() {
    return dim;
  }
}
