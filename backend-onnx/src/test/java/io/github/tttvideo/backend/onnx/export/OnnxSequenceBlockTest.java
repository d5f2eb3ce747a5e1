package io.github.tttvideo.backend.onnx.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.dit.NdDenoiser;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.backend.djl.ttt.NdTttWeights;
import io.github.tttvideo.backend.djl.ttt.NdVideoTttLayer;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TTT part of a layer alone: the exported gated bidirectional block (forward and reversed TTT
 * with the mini-batch Scan) against backend-djl's NdSequenceBlock with its NDArray scan.
 */
class OnnxSequenceBlockTest {

  @TempDir Path tmp;

  static ModelConfig tiny(TttVariant variant) {
    double lr = variant == TttVariant.MLP ? 0.1 : 1.0;
    return new ModelConfig("tiny-" + variant.name().toLowerCase(Locale.ROOT), 32, 2, 1, variant,
        16, lr, 2, 4, 16, 32, 0.3, 10000, 8, 4, 8, 8, 4, Map.of(), 4, 16, 16, 2, 1e-6, 64,
        List.of(4, 4, 4, 4));
  }

  @ParameterizedTest(name = "{0}, {1} segment(s)")
  @CsvSource({"LINEAR, 1", "LINEAR, 3", "MLP, 1", "MLP, 3"})
  void sequenceBlockMatchesDjl(TttVariant variant, int segments) throws OrtException {
    ModelConfig c = tiny(variant);
    Path dir = DjlModels.initialize(c, 3, tmp.resolve("model"));
    Path file = OnnxExporter.exportSequenceBlock(dir, 0, tmp.resolve("block.onnx"));
    SequenceLayout layout = SequenceLayout.of(segments, c);
    int len = layout.totalTokens();
    int d = c.headDim();
    float[] x = new float[len * c.width()];
    Random r = new Random(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] ref = djl(c, dir, layout, x);

    StoryInputs s = StoryInputs.of(layout);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
      Map<String, OnnxTensor> in = new HashMap<>();
      in.put("x", OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {len, c.width()}));
      in.put("sizes", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {
        layout.textTokens(), layout.videoTokens()}), new long[] {2}));
      in.put("ttt_fwd_gather", ints(env, s.fwdGather()));
      in.put("ttt_fwd_scatter", ints(env, s.fwdScatter()));
      in.put("ttt_rev_gather", ints(env, s.revGather()));
      in.put("ttt_rev_scatter", ints(env, s.revScatter()));
      in.put("ttt_cos", OnnxTensor.createTensor(env, FloatBuffer.wrap(s.tttCos()),
          new long[] {len, 1, d}));
      in.put("ttt_sin", OnnxTensor.createTensor(env, FloatBuffer.wrap(s.tttSin()),
          new long[] {len, 1, d}));
      try (OrtSession.Result res = session.run(in)) {
        FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
        float[] got = new float[fb.remaining()];
        fb.get(got);
        double rel = relativeError(got, ref);
        assertTrue(rel < 1e-5, "relative error " + rel);
      } finally {
        in.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static OnnxTensor ints(OrtEnvironment env, long[] v) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(v), new long[] {v.length});
  }

  /** backend-djl's block with the NDArray scan. */
  private static float[] djl(ModelConfig c, Path dir, SequenceLayout layout, float[] x) {
    Map<String, float[]> w = DjlModels.readWeights(c, dir);
    Map<String, long[]> shapes = io.github.tttvideo.backend.djl.dit.TttDenoiserParameters.all(c);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Map<String, NDArray> arrays = new HashMap<>();
      w.forEach((k, v) -> arrays.put(k, m.create(v, new Shape(shapes.get(k)))));
      String p = "blocks.0.";
      NdVideoTttLayer layer = new NdVideoTttLayer(NdDenoiser.tttConfig(c),
          NdTttWeights.of(p + "ttt.", c.tttVariant() == TttVariant.MLP, arrays::get));
      NdSequenceBlock block = new NdSequenceBlock(layer, arrays.get(p + "ttt_gate.forward_text"),
          arrays.get(p + "ttt_gate.forward_video"), arrays.get(p + "ttt_gate.backward_text"),
          arrays.get(p + "ttt_gate.backward_video"));
      NdTttSequence seq = new NdTttSequence(layout.toTttSequence(), c.headDim(), c.ropeTheta(), m);
      NDArray in = m.create(x, new Shape(1, layout.totalTokens(), c.width()));
      return block.forward(in, seq, NdSequenceBlock.Timer.NONE).toFloatArray();
    }
  }

  static double relativeError(float[] x, float[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num = Math.max(num, Math.abs((double) x[i] - ref[i]));
      den = Math.max(den, Math.abs(ref[i]));
    }
    return num / den;
  }
}
