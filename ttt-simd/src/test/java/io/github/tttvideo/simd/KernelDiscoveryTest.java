package io.github.tttvideo.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.core.ttt.TttKernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@link TttKernels} finds the vector kernel, with and without the incubator module. */
class KernelDiscoveryTest {

  @Test
  void vectorKernelIsRegisteredAndPinned() {
    // this module's surefire run pins ttt.kernel=vector; rank 10 would pick it anyway
    assertTrue(VectorTttKernel.isAvailable());
    assertEquals("vector", TttKernels.load().name());
    assertTrue(TttKernels.load() instanceof VectorTttKernel);
  }

  @Test
  void withoutTheIncubatorModuleDiscoveryFallsBackQuietlyToJava()
      throws IOException, InterruptedException {
    // no --add-modules: jdk.incubator.vector is not in the boot layer
    String out = runWithoutModule();
    assertTrue(out.contains("kernel=java available=false"), out);
    assertFalse(out.contains("WARN"), out);
  }

  @Test
  void pinningTheVectorKernelWithoutTheModuleSaysWhatToAdd()
      throws IOException, InterruptedException {
    String out = runWithoutModule("-Dttt.kernel=vector");
    assertTrue(out.contains("ttt.kernel=vector names no kernel"), out);
    assertTrue(out.contains("--add-modules jdk.incubator.vector"), out);
  }

  private static String runWithoutModule(String... props)
      throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
    cmd.addAll(List.of(props));
    cmd.add(DiscoveryMain.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM timed out");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Entry point of the forked JVM. */
  static final class DiscoveryMain {

    private DiscoveryMain() {}

    public static void main(String[] args) {
      try {
        System.out.println("kernel=" + TttKernels.load().name() + " available="
            + VectorTttKernel.isAvailable());
      } catch (RuntimeException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
