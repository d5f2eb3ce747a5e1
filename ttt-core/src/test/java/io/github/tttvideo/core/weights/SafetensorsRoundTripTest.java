package io.github.tttvideo.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever the writer writes, the reader reads back: exactly for F32, rounded for F16/BF16. */
class SafetensorsRoundTripTest {

  private static Path dir;

  @BeforeContainer
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("safetensors-props");
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<DType> writable() {
    return Arbitraries.of(DType.F32, DType.F16, DType.BF16);
  }

  @Provide
  Arbitrary<List<Long>> shapes() {
    return Arbitraries.longs().between(0, 6).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<List<Long>>> tensorShapes() {
    return shapes().list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 60)
  void writtenTensorsReadBackAsTheirRoundedValues(
      @ForAll("tensorShapes") List<List<Long>> shapes,
      @ForAll("writable") DType dtype,
      @ForAll @IntRange(min = 8, max = 64) int windowBytes,
      @ForAll long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path file = Files.createTempFile(dir, "t", ".safetensors");
    SafetensorsWriter writer = SafetensorsWriter.to(file).metadata("format", "pt");
    List<float[]> values = new ArrayList<>();
    List<long[]> dims = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      long[] shape = shapes.get(i).stream().mapToLong(Long::longValue).toArray();
      float[] data = new float[(int) TensorInfo.elementCount(shape)];
      for (int j = 0; j < data.length; j++) {
        data[j] =
            j % 7 == 3
                ? Float.intBitsToFloat(random.nextInt())
                : (float) random.nextGaussian() * 100;
      }
      writer.add("layer." + i + ".w", dtype, shape, data);
      values.add(data);
      dims.add(shape);
    }
    writer.write();

    // a tiny mapping window makes every read cross window boundaries
    SafetensorsOptions options =
        SafetensorsOptions.defaults().withMapWindowBytes(windowBytes / 8 * 8);
    try (SafetensorsFile read = SafetensorsFile.open(file, options)) {
      assertEquals("pt", read.metadata().get("format"));
      assertEquals(shapes.size(), read.tensors().size());
      for (int i = 0; i < shapes.size(); i++) {
        Tensor t = read.tensor("layer." + i + ".w");
        assertEquals(dtype, t.dtype());
        assertArrayEquals(dims.get(i), t.shape());
        assertArrayEquals(rounded(values.get(i), dtype), t.toFloatArray());
      }
    } finally {
      Files.delete(file);
    }
  }

  private static float[] rounded(float[] values, DType dtype) {
    float[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (dtype) {
            case F16 -> FloatFormats.fromF16(FloatFormats.toF16(out[i]));
            case BF16 -> FloatFormats.fromBf16(FloatFormats.toBf16(out[i]));
            default -> out[i];
          };
    }
    return out;
  }
}
