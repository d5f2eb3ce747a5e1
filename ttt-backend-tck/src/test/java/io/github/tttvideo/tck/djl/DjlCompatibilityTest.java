package io.github.tttvideo.tck.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.VideoTttLayer;
import io.github.tttvideo.core.ttt.VideoTttParams;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.VideoModel;
import io.github.tttvideo.tck.BackendCompatibilityKit;
import io.github.tttvideo.tck.KitModels;
import io.github.tttvideo.tck.TttLayerProbe;
import io.github.tttvideo.tck.internal.KitArrays;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The DJL backend against the compatibility kit.
 *
 * <p>It lives in the kit's own tests, not in backend-djl's: the kit depends on backend-djl (its
 * denoiser reference), so a test dependency of backend-djl on the kit would be a cycle in the
 * Maven reactor. Here the denoiser properties compare two independently loaded DJL models (the
 * reference compared with itself). So that this is not the same code twice, the reference here
 * is the DJL backend with the NDArray TTT scan (the GPU's default), while the backend under test
 * runs the CPU's default scan (ttt-core's kernel behind DJL's projections): two scans, one
 * network. The TTT layer properties compare DJL with ttt-core.
 *
 * <p>Live native resources: the NDArrays alive in the PyTorch engine's whole manager tree (every
 * manager of the process hangs below its system manager), exact after each call.
 */
class DjlCompatibilityTest extends BackendCompatibilityKit {

  /** The PyTorch system manager, the root of every manager the backend creates. */
  private static final NDManager ENGINE_ROOT = engineRoot();

  private static NDManager engineRoot() {
    try (NDManager probe = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      return probe.getParentManager();
    }
  }

  @Override
  protected BackendProvider provider() {
    return new DjlBackendProvider();
  }

  /**
   * The DJL backend loading its models with the NDArray TTT scan ({@value
   * DjlBackendProvider#SCAN_PROPERTY}{@code =ndarray}, read once at load time).
   */
  @Override
  protected BackendProvider referenceProvider() {
    return new BackendProvider() {
      @Override
      public String name() {
        return "djl (NDArray scan)";
      }

      @Override
      public VideoModel load(Path modelDirectory, BackendOptions options) {
        String old = System.getProperty(DjlBackendProvider.SCAN_PROPERTY);
        System.setProperty(DjlBackendProvider.SCAN_PROPERTY, "ndarray");
        try {
          return new DjlBackendProvider().load(modelDirectory, options);
        } finally {
          if (old == null) {
            System.clearProperty(DjlBackendProvider.SCAN_PROPERTY);
          } else {
            System.setProperty(DjlBackendProvider.SCAN_PROPERTY, old);
          }
        }
      }
    };
  }

  @Override
  protected Optional<TttLayerProbe> tttLayerProbe() {
    return Optional.of(new DjlTttLayerProbe(DjlTttLayerProbe.providerUsesNdarrayScan()));
  }

  @Override
  protected OptionalLong liveNativeResources() {
    return OptionalLong.of(ENGINE_ROOT.getManagedArrays().size());
  }

  /**
   * The kit's layer probe runs the scan the backend uses on the CPU (ttt-core's kernel behind the
   * DJL projections); the NDArray scan, the GPU's default, is checked here too.
   */
  @Test
  void ndarrayScanLayerMatchesCore() {
    for (TttVariant v : TttVariant.values()) {
      TttConfig cfg = TttConfig.video(v, 2, 16).withMiniBatch(16).withBaseLr(1);
      VideoTttParams p = VideoTttParams.init(cfg, 3);
      TttSequence seq = SequenceLayout.of(3, KitModels.tinyConfig(v)).toTttSequence();
      float[] x = KitArrays.gaussian(seq.length() * cfg.width(), 4, 1.0);
      float[] ref = new VideoTttLayer(p, new JavaTttKernel(1)).forward(x, 1, seq);
      float[] got = new DjlTttLayerProbe(true).layer(p, seq, x, 1);
      double e = KitArrays.relativeError(got, ref);
      assertTrue(e <= LAYER_TOLERANCE, "NDArray scan, TTT-" + v + ": relative error " + e);
    }
  }
}
