package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random corruptions of a valid file either still open and read, or fail with {@link
 * InvalidWeightsException}: never another exception, a crash or a huge allocation.
 */
class MutatedFilesTest {

  private static Path dir;
  private static byte[] valid;

  @BeforeContainer
  static void writeValidFile() throws IOException {
    dir = Files.createTempDirectory("safetensors-mutations");
    Path file =
        SafetensorsWriter.to(dir.resolve("valid.safetensors"))
            .metadata("format", "pt")
            .add("a.weight", new long[] {3, 4}, new float[12])
            .add("b.bias", DType.F16, new long[] {5}, new float[5])
            .add("c", DType.BF16, new long[] {}, new float[] {1})
            .write();
    valid = Files.readAllBytes(file);
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 400)
  void corruptedFileOpensOrFailsCleanly(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int mutations) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] bytes = valid.clone();
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      // mostly hit the length field and the header, where the parser has work to do
      int at = random.nextInt(random.nextInt(4) == 0 ? bytes.length : Math.min(bytes.length, 300));
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] = (byte) "0123456789[]{},:\"-".charAt(random.nextInt(18));
        case 2 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        default -> bytes = java.util.Arrays.copyOf(bytes, at);
      }
    }
    Path file = Files.write(Files.createTempFile(dir, "m", ".safetensors"), bytes);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (TensorInfo t : f.tensors()) {
        if (t.dtype().isFloatReadable()) {
          f.tensor(t.name()).toFloatArray();
        } else {
          f.tensor(t.name()).bytes();
        }
      }
    } catch (InvalidWeightsException expected) {
      // the only acceptable failure
    } finally {
      Files.delete(file);
    }
  }
}
