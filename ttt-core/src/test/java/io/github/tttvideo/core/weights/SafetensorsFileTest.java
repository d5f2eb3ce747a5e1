package io.github.tttvideo.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

  @TempDir Path dir;

  @Test
  void writerAlignsDataAndListsTensorsInOrder() throws IOException {
    Path file = dir.resolve("m.safetensors");
    SafetensorsWriter.to(file)
        .metadata("format", "pt")
        .add("b", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
        .add("a", DType.F16, new long[] {3}, new float[] {0.5f, -1, 2})
        .add("scalar", new long[] {}, new float[] {7})
        .add("empty", DType.BF16, new long[] {0, 4}, new float[0])
        .write();
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "data area is 8-byte aligned");
    assertEquals(8 + headerLength + 6 * 4 + 3 * 2 + 4, bytes.length);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(
          List.of("b", "a", "scalar", "empty"),
          f.tensors().stream().map(TensorInfo::name).toList());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.tensor("b").toFloatArray());
      assertArrayEquals(new float[] {0.5f, -1, 2}, f.tensor("a").toFloatArray());
      assertArrayEquals(new float[] {7}, f.tensor("scalar").toFloatArray());
      assertEquals(0, f.tensor("scalar").info().rank());
      assertArrayEquals(new float[0], f.tensor("empty").toFloatArray());
      assertEquals(
          new TensorInfo("a", DType.F16, new long[] {3}, 24, 30), f.find("a").orElseThrow());
    }
  }

  @Test
  void writerLeavesNoTemporaryFileAndReplacesTheTarget() throws IOException {
    Path file = dir.resolve("m.safetensors");
    SafetensorsWriter.to(file).add("x", new long[] {1}, new float[] {1}).write();
    SafetensorsWriter.to(file).add("y", new long[] {2}, new float[] {2, 3}).write();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.of("y"), f.tensors().stream().map(TensorInfo::name).toList());
    }
  }

  @Test
  void writtenFileIsReadableByOthersNotOwnerOnly() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("shared.safetensors");
    SafetensorsWriter.to(file).add("x", new long[] {1}, new float[] {1}).write();
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file)));
  }

  @Test
  void failedWriteLeavesNoTemporaryFile() throws IOException {
    Path blocked = Files.createDirectories(dir.resolve("blocked.safetensors"));
    Files.writeString(blocked.resolve("keep"), "a non-empty directory cannot be replaced");
    SafetensorsWriter writer = SafetensorsWriter.to(blocked).add("x", new long[] {1}, new float[1]);
    assertThrows(IOException.class, writer::write);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(blocked), files.toList());
    }
  }

  @Test
  void writerRejectsBadTensorsNamingThem() {
    SafetensorsWriter w =
        SafetensorsWriter.to(dir.resolve("x.safetensors")).add("a", new long[] {1}, new float[1]);
    assertMessage(
        IllegalArgumentException.class,
        "tensor a was already added",
        () -> w.add("a", new long[] {1}, new float[1]));
    assertMessage(
        IllegalArgumentException.class,
        "shape [2, 2] has 4 elements, but 3 values",
        () -> w.add("b", new long[] {2, 2}, new float[3]));
    assertMessage(
        IllegalArgumentException.class,
        "cannot write dtype I32",
        () -> w.add("c", DType.I32, new long[] {1}, new float[1]));
    assertMessage(
        IllegalArgumentException.class,
        "negative dimension",
        () -> w.add("d", new long[] {-1}, new float[0]));
    assertMessage(
        IllegalArgumentException.class,
        "__metadata__",
        () -> w.add("__metadata__", new long[] {1}, new float[1]));
  }

  @Test
  void f64IsNarrowedAndIntegersAreRefusedAsFloatButReadableAsBytes() throws IOException {
    Path file =
        HostileFiles.write(
            dir,
            "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]}}",
            ByteBuffer.allocate(20)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.25)
                .putDouble(-3e40)
                .putInt(42)
                .array());
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertArrayEquals(new float[] {0.25f, Float.NEGATIVE_INFINITY}, f.tensor("d").toFloatArray());
      InvalidWeightsException e =
          assertThrows(InvalidWeightsException.class, () -> f.tensor("i").toFloatArray());
      assertTrue(
          e.getMessage().contains("tensor i has dtype I32, which cannot be read as float"),
          e.getMessage());
      assertEquals(42, f.tensor("i").bytes().getInt(0));
    }
  }

  @Test
  void slicesCanBeReadAcrossMappingWindows() throws IOException {
    float[] data = new float[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    Path file =
        SafetensorsWriter.to(dir.resolve("s.safetensors"))
            .add("x", DType.BF16, new long[] {10, 10}, data)
            .write();
    try (SafetensorsFile f =
        SafetensorsFile.open(file, SafetensorsOptions.defaults().withMapWindowBytes(16))) {
      float[] row = new float[10];
      f.tensor("x").readFloats(37, row, 0, 10);
      assertArrayEquals(new float[] {37, 38, 39, 40, 41, 42, 43, 44, 45, 46}, row);
      assertThrows(IndexOutOfBoundsException.class, () -> f.tensor("x").readFloats(95, row, 0, 10));
    }
  }

  @Test
  void missingTensorAndClosedFileGiveClearErrors() throws IOException {
    Path file =
        SafetensorsWriter.to(dir.resolve("c.safetensors"))
            .add("x", new long[] {1}, new float[] {1})
            .write();
    Tensor t;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertMessage(
          WeightMismatchException.class, "tensor nope: missing from", () -> f.tensor("nope"));
      t = f.tensor("x");
    }
    assertMessage(IllegalStateException.class, "is closed", t::toFloatArray);
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(
        NoSuchFileException.class, () -> SafetensorsFile.open(dir.resolve("absent.safetensors")));
  }

  @Test
  void headerPaddingAndEmptyMetadataAreAccepted() throws IOException {
    Path file =
        HostileFiles.write(
            dir,
            "{\"__metadata__\":{},\"x\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]}}   "
                + " ",
            "abc".getBytes(StandardCharsets.US_ASCII));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertTrue(f.metadata().isEmpty());
      assertEquals(3, f.tensor("x").info().byteSize());
    }
  }

  static void assertMessage(
      Class<? extends Throwable> type,
      String fragment,
      org.junit.jupiter.api.function.Executable call) {
    Throwable e = assertThrows(type, call);
    assertTrue(
        e.getMessage().contains(fragment),
        () -> "expected \"" + fragment + "\" in: " + e.getMessage());
  }
}
