package io.github.tttvideo.train.toon;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.train.DiffusionObjective;
import io.github.tttvideo.train.TrainRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Measures training step times of the toon parts (planning aid). */
final class ToonBench {
  private ToonBench() {}

  static void denoiser(ModelConfig c, int segments, int batch, int steps) {
    Map<String, float[]> init = DjlModels.randomWeights(c, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, init,
          WordTokenizer.of(ToonVocabulary.words()), List.of(segments), m);
      model.parameters().select(n -> true);
      DiffusionObjective obj = new DiffusionObjective(0.1);
      TrainRandom rng = new TrainRandom(3);
      int nf = 1 + 12 * segments;
      for (int s = 0; s < steps; s++) {
        long t0 = System.nanoTime();
        try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
          scope.suppressNotUsedWarning();
          NDArray x0 = sm.randomNormal(new Shape(batch, nf, c.latentChannels(),
              c.latentHeight(), c.latentWidth()));
          List<List<String>> texts = new ArrayList<>();
          for (int b = 0; b < batch; b++) {
            List<String> t = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
              t.add("Tom chases Jerry to the left in the kitchen.");
            }
            texts.add(t);
          }
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = obj.loss(model::forward, x0, texts, rng).loss();
            gc.backward(l);
            System.out.printf("denoiser seg=%d b=%d step %d loss %.4f %.3f s%n", segments, batch,
                s, l.getFloat(), (System.nanoTime() - t0) / 1e9);
          }
        }
      }
    }
  }
}
