package io.github.tttvideo.backend.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.tck.BackendCompatibilityKit;
import io.github.tttvideo.tck.TttLayerProbe;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ONNX backend against the backend compatibility kit. Live native resources: the tensors
 * alive in the OnnxRuntime engine's whole manager tree (every manager of the process hangs below
 * its system manager).
 */
class OnnxCompatibilityTest extends BackendCompatibilityKit {

  private static final NDManager ENGINE_ROOT = engineRoot();

  private static NDManager engineRoot() {
    OnnxBackendProvider.engine();
    try (NDManager probe = NDManager.newBaseManager(Device.cpu(), "OnnxRuntime")) {
      return probe.getParentManager();
    }
  }

  @Override
  protected BackendProvider provider() {
    return new OnnxBackendProvider();
  }

  @Override
  protected Optional<TttLayerProbe> tttLayerProbe() {
    return Optional.of(new OnnxTttLayerProbe());
  }

  @Override
  protected OptionalLong liveNativeResources() {
    return OptionalLong.of(ENGINE_ROOT.getManagedArrays().size());
  }
}
