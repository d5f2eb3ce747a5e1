package io.github.tttvideo.backend.onnx;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.onnx.export.OnnxExportCache;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime backend ({@code onnx}): exports a model directory to ONNX graphs on first use
 * ({@link OnnxExportCache}) and runs them with ONNX Runtime through DJL's OnnxRuntime engine. No
 * PyTorch: the text encoder is plain Java, everything else runs in the graphs.
 *
 * <p>Options: device {@code cpu} (default); {@code gpu} runs on ONNX Runtime's CUDA execution
 * provider and fails when the ONNX Runtime on the class path has none (replace {@code
 * com.microsoft.onnxruntime:onnxruntime} with {@code onnxruntime_gpu}); {@code auto} takes CUDA
 * when present. threads > 0 sets ONNX Runtime's intra-op threads of each session. Only float32.
 * Rank 5: the {@code djl} backend stays the default when both are present; pin this one with
 * {@code -Dttt.backend=onnx} or {@code --backend onnx}.
 *
 * <pre>{@code
 * try (VideoModel m = new OnnxBackendProvider().load(dir, BackendOptions.defaults())) {
 *   float[] v = m.predictVelocity(input);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OnnxBackendProvider implements BackendProvider {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxBackendProvider.class);

  @Override
  public String name() {
    return "onnx";
  }

  @Override
  public int rank() {
    return 5;
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      engine();
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("ONNX Runtime engine of DJL does not start: " + e.getMessage()
          + " (needs ai.djl.onnxruntime:onnxruntime-engine and"
          + " com.microsoft.onnxruntime:onnxruntime on the class path)");
    }
  }

  @Override
  public VideoModel load(Path modelDirectory, BackendOptions options) {
    BackendOptions o = options == null ? BackendOptions.defaults() : options;
    if (!o.dtype().equals("float32")) {
      throw new InvalidInputException("dtype " + o.dtype() + " is not offered by the onnx"
          + " backend: its graphs are float32");
    }
    try {
      engine();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("the DJL OnnxRuntime engine does not start", e);
    }
    Device device = device(o.device());
    ModelConfig config = ModelConfigReader.fromDirectory(modelDirectory);
    Path graphs = OnnxExportCache.resolve(modelDirectory);
    LOG.debug("loading {} from {} on {}", modelDirectory, graphs, device);
    return new OnnxVideoModel(config, modelDirectory, graphs, device, o.threads());
  }

  static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine("OnnxRuntime");
  }

  /**
   * Whether the ONNX Runtime on the class path has the CUDA execution provider.
   *
   * @return true when CUDA can be asked for
   */
  public static boolean cudaAvailable() {
    EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    return providers.contains(OrtProvider.CUDA);
  }

  static Device device(String option) {
    return switch (option) {
      case "gpu" -> {
        if (!cudaAvailable()) {
          throw new BackendUnavailableException("device gpu was asked for, but the ONNX Runtime"
              + " on the class path has no CUDA execution provider (providers: "
              + OrtEnvironment.getAvailableProviders() + "); put"
              + " com.microsoft.onnxruntime:onnxruntime_gpu in place of onnxruntime, or use cpu");
        }
        yield Device.gpu();
      }
      case "auto" -> cudaAvailable() ? Device.gpu() : Device.cpu();
      default -> Device.cpu();
    };
  }
}
