package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;

/**
 * Reruns ttt-core's official golden vectors (ops, video layers, LM layers) with the Vector API
 * kernel: this module's surefire run pins it with {@code -Dttt.kernel=vector}, which {@link
 * GoldenVectorsTest#kernel()} honours. Same tolerance as for the pure-Java kernel.
 */
class VectorGoldenVectorsTest extends GoldenVectorsTest {

  @BeforeAll
  static void pinnedKernelIsTheVectorKernel() {
    assertEquals("vector", System.getProperty(TttKernels.PIN_PROPERTY), "surefire pin");
    assertEquals("vector", kernel().name());
  }
}
