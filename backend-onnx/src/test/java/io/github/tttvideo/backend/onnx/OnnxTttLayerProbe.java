package io.github.tttvideo.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tttvideo.backend.onnx.export.TttInputs;
import io.github.tttvideo.backend.onnx.export.TttProbeGraph;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.VideoTttParams;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The ONNX backend's TTT layer and block for the compatibility kit: the parameters written as a
 * graph by the code that writes the denoiser's layers ({@link TttProbeGraph}), run by ONNX
 * Runtime once per batch item (the denoiser graph runs batch 1).
 */
final class OnnxTttLayerProbe implements io.github.tttvideo.tck.TttLayerProbe {

  @Override
  public float[] layer(VideoTttParams params, TttSequence sequence, float[] x, int batch) {
    return run(TttProbeGraph.write(params, null), params.config(), sequence, x, batch, false);
  }

  @Override
  public float[] bidirectionalBlock(
      VideoTttParams params, TttGates gates, TttSequence sequence, float[] x, int batch) {
    return run(TttProbeGraph.write(params, gates), params.config(), sequence, x, batch, true);
  }

  private static float[] run(byte[] model, TttConfig c, TttSequence seq, float[] x, int batch,
      boolean block) {
    int len = seq.length();
    int w = c.width();
    int d = c.headDim();
    TttInputs t = TttInputs.of(seq, d, c.ropeTheta());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] out = new float[batch * len * w];
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, o)) {
        for (int b = 0; b < batch; b++) {
          Map<String, OnnxTensor> in = new HashMap<>();
          try {
            in.put("x", OnnxTensor.createTensor(env, FloatBuffer.wrap(x, b * len * w, len * w),
                new long[] {len, w}));
            if (block) {
              in.put("sizes", ints(env, new long[] {seq.textTokens(), seq.videoTokens()}));
            }
            in.put("ttt_fwd_gather", ints(env, t.fwdGather()));
            in.put("ttt_fwd_scatter", ints(env, t.fwdScatter()));
            in.put("ttt_rev_gather", ints(env, t.revGather()));
            in.put("ttt_rev_scatter", ints(env, t.revScatter()));
            in.put("ttt_cos", OnnxTensor.createTensor(env, FloatBuffer.wrap(t.cos()),
                new long[] {len, 1, d}));
            in.put("ttt_sin", OnnxTensor.createTensor(env, FloatBuffer.wrap(t.sin()),
                new long[] {len, 1, d}));
            try (OrtSession.Result r = session.run(in)) {
              ((OnnxTensor) r.get(0)).getFloatBuffer().get(out, b * len * w, len * w);
            }
          } finally {
            in.values().forEach(OnnxTensor::close);
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the TTT probe graph", e);
    }
    return out;
  }

  private static OnnxTensor ints(OrtEnvironment env, long[] v) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(v), new long[] {v.length});
  }
}
