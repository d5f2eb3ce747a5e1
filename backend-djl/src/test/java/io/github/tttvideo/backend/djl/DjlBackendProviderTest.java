package io.github.tttvideo.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.io.TempDir;

/** The backend through its SPI: discovery, options, a whole model, native memory per call. */
class DjlBackendProviderTest {

  private static final ModelConfig C = TinyModels.config(TttVariant.MLP, 1, 16);

  private static DenoiseInput input(VideoModel model, int segments, int timestep, long seed) {
    SequenceLayout layout = SequenceLayout.of(segments, C);
    int tt = layout.textTokensPerSegment();
    float[] text = new float[segments * tt * C.textDim()];
    for (int i = 0; i < segments; i++) {
      float[] e = model.textEncoder().encode("Tom chases Jerry to the left.", tt);
      System.arraycopy(e, 0, text, i * e.length, e.length);
    }
    int frames = layout.latentFrames();
    float[] z = TinyModels.gaussian(
        frames * C.latentChannels() * C.latentHeight() * C.latentWidth(), seed, 1.0);
    return new DenoiseInput(z, frames, text, segments, tt, timestep);
  }

  @Test
  void providerIsFoundByServiceLoader() {
    BackendProvider p = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(b -> b.name().equals("djl")).findFirst()
        .orElseThrow();
    assertTrue(p instanceof DjlBackendProvider);
    assertTrue(p.unavailableReason().isEmpty());
  }

  @Test
  void gpuWithoutGpuAndHalfPrecisionOnCpuAreRefused(@TempDir Path dir) {
    DjlModels.initialize(C, 1, dir);
    DjlBackendProvider p = new DjlBackendProvider();
    assertTrue(assertThrows(InvalidInputException.class,
        () -> p.load(dir, new BackendOptions("auto", 0, "bfloat16"))).getMessage()
        .contains("bfloat16"));
    if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
      assertThrows(BackendUnavailableException.class,
          () -> p.load(dir, new BackendOptions("gpu", 0, "float32")));
      assertThrows(InvalidInputException.class,
          () -> p.load(dir, new BackendOptions("auto", 0, "bfloat16")));
    } else {
      try (VideoModel m = p.load(dir, new BackendOptions("gpu", 0, "float16"))) {
        assertEquals(C.textDim(), m.textEncoder().dimension());
      }
    }
    assertThrows(InvalidInputException.class, () -> new BackendOptions("cpu", 0, "float16"));
  }

  @Test
  void modelDenoisesDeterministicallyAndDecodesFrames(@TempDir Path dir) {
    DjlModels.initialize(C, 7, dir);
    BackendProvider p = new DjlBackendProvider();
    try (VideoModel a = p.load(dir, new BackendOptions("cpu", 1, "float32"));
        VideoModel b = p.load(dir, new BackendOptions("auto", 0, "float32"))) {
      DenoiseInput in = input(a, 2, 999, 3);
      float[] va = a.predictVelocity(in);
      assertEquals(in.latents().length, va.length);
      assertArrayEquals(va, a.predictVelocity(in));
      assertArrayEquals(va, b.predictVelocity(in));
      assertThrows(InvalidInputException.class, () -> a.predictVelocity(new DenoiseInput(
          in.latents(), in.latentFrames(), in.text(), 2, 1, 5)));
      try (LatentDecoder d = a.openDecoder()) {
        float[] first = new float[5 * C.latentChannels() * 64];
        List<VideoFrame> frames = d.decodeNext(first, 5);
        assertEquals(17, frames.size());
        assertEquals(64, frames.get(0).width());
        assertEquals(16, d.decodeNext(new float[4 * C.latentChannels() * 64], 4).size());
      }
    }
  }

  /**
   * The half-precision path (GPU only through the provider) checked on the CPU, where PyTorch
   * runs float16 too: the DiT in float16, TTT in float32. (bfloat16 is refused: DJL 0.36 aborts
   * the JVM converting to it.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"FLOAT16"})
  void halfPrecisionStaysCloseToFloat32(String type, @TempDir Path dir) {
    DjlModels.initialize(C, 11, dir);
    try (DjlVideoModel f32 = new DjlVideoModel(C, dir, Device.cpu(), DataType.FLOAT32, null);
        DjlVideoModel half = new DjlVideoModel(C, dir, Device.cpu(), DataType.valueOf(type),
            null)) {
      DenoiseInput in = input(f32, 2, 700, 12);
      float[] ref = f32.predictVelocity(in);
      float[] got = half.predictVelocity(in);
      double e = TinyModels.relativeError(got, ref);
      System.out.printf("%s vs float32: relative error %.2e%n", type, e);
      assertTrue(e < 0.05, type + " relative error " + e);
    }
  }

  @Test
  void decoderStreamsSegmentsWithTheFramesOfOneWholeDecode(@TempDir Path dir) {
    DjlModels.initialize(C, 9, dir);
    int perFrame = C.latentChannels() * C.latentHeight() * C.latentWidth();
    float[] z = TinyModels.gaussian(13 * perFrame, 10, 1.0); // 1 + 4 + 4 + 4 latent frames
    try (VideoModel m = new DjlBackendProvider().load(dir, BackendOptions.defaults())) {
      List<VideoFrame> whole;
      try (LatentDecoder d = m.openDecoder()) {
        whole = d.decodeNext(z, 13);
      }
      List<VideoFrame> parts = new java.util.ArrayList<>();
      try (LatentDecoder d = m.openDecoder()) {
        int at = 0;
        for (int f : new int[] {5, 4, 4}) {
          parts.addAll(d.decodeNext(java.util.Arrays.copyOfRange(z, at * perFrame,
              (at + f) * perFrame), f));
          at += f;
        }
      }
      assertEquals(49, whole.size());
      assertEquals(whole.size(), parts.size());
      int maxDiff = 0;
      for (int i = 0; i < whole.size(); i++) {
        byte[] a = whole.get(i).rgb();
        byte[] b = parts.get(i).rgb();
        for (int j = 0; j < a.length; j++) {
          maxDiff = Math.max(maxDiff, Math.abs((a[j] & 0xFF) - (b[j] & 0xFF)));
        }
      }
      assertTrue(maxDiff <= 1, "byte difference " + maxDiff); // float rounding at .5 only
    }
  }

  /**
   * Every call closes what it created: the number of live NDArrays in the whole engine (the
   * PyTorch system manager's tree, which holds every manager of the process) is the same before
   * and after each call; the process's native memory (RSS minus the JVM's committed memory) stays
   * bounded (a loose check: the C allocator keeps freed pages for a while).
   */
  @Test
  void nativeMemoryReturnsToItsBaselineAfterManySteps(@TempDir Path dir) throws Exception {
    DjlModels.initialize(C, 8, dir);
    try (DjlVideoModel m = (DjlVideoModel) new DjlBackendProvider().load(dir,
        new BackendOptions("cpu", 1, "float32"))) {
      DenoiseInput in = input(m, 2, 500, 4);
      var engine = m.manager().getParentManager();
      for (int i = 0; i < 3; i++) {
        m.predictVelocity(in);
      }
      int live = engine.getManagedArrays().size();
      long native0 = nativeBytes();
      for (int i = 0; i < 25; i++) {
        m.predictVelocity(in);
        assertEquals(live, engine.getManagedArrays().size(), "live arrays after step " + i);
      }
      long grown = nativeBytes() - native0;
      System.out.printf("live NDArrays in the engine: %d before and after 25 steps; native RSS"
          + " change %+d KiB%n", live, grown / 1024);
      assertTrue(grown < 96L << 20, "native memory grew by " + grown + " bytes over 25 steps");
    }
  }

  /**
   * Resident set size of this process minus the memory the JVM has committed for its heap and
   * non-heap areas (an upper bound of what libtorch and the C allocator hold), or 0 where /proc
   * is missing.
   */
  private static long nativeBytes() throws Exception {
    System.gc();
    Thread.sleep(100); // let the cleaner free the direct buffers of the inputs
    var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
    return rssBytes() - mem.getHeapMemoryUsage().getCommitted()
        - mem.getNonHeapMemoryUsage().getCommitted();
  }

  /** Resident set size of this process (Linux), or 0 where /proc is missing. */
  private static long rssBytes() throws Exception {
    Path statm = Path.of("/proc/self/statm");
    if (!Files.exists(statm)) {
      return 0;
    }
    String[] f = Files.readString(statm).trim().split("\\s+");
    return Long.parseLong(f[1]) * 4096;
  }
}
