package io.github.tttvideo.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttKernels;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DJL/PyTorch backend ({@code djl}): runs models from a model directory ({@link DjlModels}).
 *
 * <p>Options: device {@code cpu} (default), {@code gpu} (fails when PyTorch sees no GPU) or
 * {@code auto}; threads > 0 sets PyTorch's intra-op threads (process-wide, {@code
 * torch::set_num_threads}; the system property {@code ai.djl.pytorch.num_threads} does the same
 * before the engine starts); dtype float32, or float16 on a GPU only (the DiT's attention, MLP
 * and adaLN run in float16; the TTT layers, the VAE and the text encoder stay in float32);
 * bfloat16 is refused, because DJL 0.36's PyTorch binding aborts the JVM when it converts to
 * bfloat16. Sets {@code
 * ai.djl.offline=true} unless already set, so the natives come from the classifier jar and nothing
 * is downloaded. The system property {@value #SCAN_PROPERTY} picks the TTT scan ({@code kernel} or
 * {@code ndarray}).
 *
 * <pre>{@code
 * BackendOptions options = new BackendOptions("cpu", 1, "float32");
 * try (VideoModel m = new DjlBackendProvider().load(dir, options)) {
 *   float[] v = m.predictVelocity(input);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DjlBackendProvider implements BackendProvider {

  /**
   * System property choosing how the TTT mini-batch scan runs: {@code kernel} (default on the
   * CPU: ttt-core's {@link TttKernels#load()} kernel on float copies, normally the pure-Java one)
   * or {@code ndarray} (default on a GPU: the scan as NDArray operations).
   */
  public static final String SCAN_PROPERTY = "ttt.djl.scan";

  private static final Logger LOG = LoggerFactory.getLogger(DjlBackendProvider.class);

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public int rank() {
    return 10;
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      engine();
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("PyTorch engine of DJL does not start: " + e.getMessage()
          + " (needs ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 on the class path)");
    }
  }

  @Override
  public VideoModel load(Path modelDirectory, BackendOptions options) {
    BackendOptions o = options == null ? BackendOptions.defaults() : options;
    Engine engine;
    try {
      engine = engine();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("the DJL PyTorch engine does not start", e);
    }
    Device device = device(engine, o.device());
    if (!device.isGpu() && !o.dtype().equals("float32")) {
      throw new InvalidInputException("dtype " + o.dtype() + " needs a GPU; device " + o.device()
          + " runs on the CPU");
    }
    if (o.dtype().equals("bfloat16")) {
      // measured with DJL 0.36 / PyTorch 2.7.1: NDArray.toType(BFLOAT16) aborts the whole JVM
      // ("terminate called without an active exception") instead of throwing
      throw new InvalidInputException("dtype bfloat16 is not offered by the djl backend: DJL"
          + " 0.36's PyTorch binding aborts the process when converting to bfloat16; use float16"
          + " on a GPU");
    }
    if (o.threads() > 0) {
      JniUtils.setNumThreads(o.threads());
    }
    ModelConfig config = ModelConfigReader.fromDirectory(modelDirectory);
    String scan = System.getProperty(SCAN_PROPERTY, device.isGpu() ? "ndarray" : "kernel");
    TttKernel kernel = switch (scan) {
      case "ndarray" -> null;
      case "kernel" -> TttKernels.load();
      default -> throw new InvalidInputException(
          SCAN_PROPERTY + " must be kernel or ndarray, got " + scan);
    };
    LOG.debug("loading {} on {} ({} intra-op threads, TTT scan {})", modelDirectory, device,
        JniUtils.getNumThreads(), kernel == null ? "ndarray" : kernel.name());
    DataType dtype = switch (o.dtype()) {
      case "float16" -> DataType.FLOAT16;
      default -> DataType.FLOAT32;
    };
    return new DjlVideoModel(config, modelDirectory, device, dtype, kernel);
  }

  static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine("PyTorch");
  }

  static Device device(Engine engine, String option) {
    int gpus = engine.getGpuCount();
    return switch (option) {
      case "gpu" -> {
        if (gpus == 0) {
          throw new BackendUnavailableException(
              "device gpu was asked for, but PyTorch sees no GPU (use cpu or auto)");
        }
        yield Device.gpu();
      }
      case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
      default -> Device.cpu();
    };
  }
}
