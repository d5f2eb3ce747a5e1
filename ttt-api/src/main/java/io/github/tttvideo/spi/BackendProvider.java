package io.github.tttvideo.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Service-provider interface of compute backends (DJL/PyTorch, ONNX Runtime, ...), found with
 * {@link java.util.ServiceLoader} (a file {@code META-INF/services/io.github.tttvideo.spi.BackendProvider}
 * in the backend's jar). Putting a backend jar on the class path is all a user does; the system
 * property {@code ttt.backend} or {@code RenderOptions.backend(..)} pins one by {@link #name()}.
 *
 * @since 0.1.0
 */
public interface BackendProvider {

  /**
   * Short name users pin the backend with, for example {@code djl} or {@code onnx}.
   *
   * @return the name
   */
  String name();

  /**
   * Preference when several backends are present and none is pinned: higher wins.
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * Why this backend cannot run in this process (natives missing, unsupported platform), checked
   * cheaply without loading a model.
   *
   * @return the reason, or empty when the backend can run
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * Loads a model.
   *
   * @param modelDirectory a directory with {@code config.json} and safetensors weights
   * @param options device, threads and precision
   * @return the loaded model; the caller closes it
   */
  VideoModel load(Path modelDirectory, BackendOptions options);
}
