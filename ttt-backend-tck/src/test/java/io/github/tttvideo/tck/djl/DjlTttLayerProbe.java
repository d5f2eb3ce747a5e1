package io.github.tttvideo.tck.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.backend.djl.ttt.NdTttWeights;
import io.github.tttvideo.backend.djl.ttt.NdVideoTttLayer;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttKernels;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.VideoTttParams;
import io.github.tttvideo.tck.TttLayerProbe;

/**
 * The DJL backend's TTT layer and block ({@link NdVideoTttLayer}, {@link NdSequenceBlock}) on the
 * CPU, with the scan the backend picks ({@link DjlBackendProvider#SCAN_PROPERTY}: ttt-core's
 * kernel on the CPU by default) or the NDArray scan.
 */
final class DjlTttLayerProbe implements TttLayerProbe {

  private final boolean ndarrayScan;

  /**
   * Creates the probe.
   *
   * @param ndarrayScan true for the scan as NDArray operations, false for the backend's CPU choice
   */
  DjlTttLayerProbe(boolean ndarrayScan) {
    this.ndarrayScan = ndarrayScan;
  }

  /** The scan {@code DjlBackendProvider.load} picks on the CPU. */
  static boolean providerUsesNdarrayScan() {
    return "ndarray".equals(System.getProperty(DjlBackendProvider.SCAN_PROPERTY, "kernel"));
  }

  private NdVideoTttLayer layer(VideoTttParams p, NDManager m) {
    TttConfig cfg = p.config();
    NdTttWeights w = NdTttWeights.fromCore(p, m);
    return ndarrayScan ? new NdVideoTttLayer(cfg, w) : new NdVideoTttLayer(cfg, w, TttKernels.load());
  }

  @Override
  public float[] layer(VideoTttParams params, TttSequence sequence, float[] x, int batch) {
    TttConfig cfg = params.config();
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NdTttSequence s = new NdTttSequence(sequence, cfg.headDim(), cfg.ropeTheta(), m);
      // [B, L, D]
      NDArray in = m.create(x, new Shape(batch, sequence.length(), cfg.width()));
      return layer(params, m).forward(in, s, false).toFloatArray();
    }
  }

  @Override
  public float[] bidirectionalBlock(
      VideoTttParams params, TttGates gates, TttSequence sequence, float[] x, int batch) {
    TttConfig cfg = params.config();
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NdTttSequence s = new NdTttSequence(sequence, cfg.headDim(), cfg.ropeTheta(), m);
      NdSequenceBlock block = new NdSequenceBlock(layer(params, m), m.create(gates.forwardText()),
          m.create(gates.forwardVideo()), m.create(gates.backwardText()),
          m.create(gates.backwardVideo()));
      // [B, L, D]
      NDArray in = m.create(x, new Shape(batch, sequence.length(), cfg.width()));
      return block.forward(in, s, NdSequenceBlock.Timer.NONE).toFloatArray();
    }
  }
}
