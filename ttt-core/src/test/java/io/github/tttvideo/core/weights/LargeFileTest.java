package io.github.tttvideo.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets beyond 2 GiB, on a sparse file: the OS stores only the pages written, so an 8 GiB file
 * costs a few kilobytes of disk.
 */
class LargeFileTest {

  @TempDir Path dir;

  @Test
  void tensorBeyondArrayLimitIsRefusedAsArrayButReadableInSlices() throws IOException {
    long elements = 1L << 31; // 8 GiB of F32, more than a float[] can hold
    long bytes = elements * 4;
    String header =
        "{\"small\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"huge\":{\"dtype\":\"F32\",\"shape\":["
            + elements
            + "],\"data_offsets\":[8,"
            + (8 + bytes)
            + "]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("huge.safetensors");
    long dataStart = 8 + json.length;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      f.write(json);
      f.write(
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putFloat(1.5f)
              .putFloat(-2f)
              .array());
      f.setLength(dataStart + 8 + bytes);
      // the last two elements of "huge"
      f.seek(dataStart + 8 + bytes - 8);
      f.write(
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(4f).array());
    }
    try (SafetensorsFile f =
        SafetensorsFile.open(file, SafetensorsOptions.defaults().withMapWindowBytes(4096))) {
      assertArrayEquals(new float[] {1.5f, -2f}, f.tensor("small").toFloatArray());
      Tensor huge = f.tensor("huge");
      assertEquals(elements, huge.info().elementCount());
      InvalidWeightsException e = assertThrows(InvalidWeightsException.class, huge::toFloatArray);
      assertTrue(
          e.getMessage()
              .contains("tensor huge has 2147483648 elements, more than one float[] can hold"),
          e.getMessage());
      assertThrows(InvalidWeightsException.class, huge::bytes);
      float[] tail = new float[3];
      huge.readFloats(elements - 3, tail, 0, 3);
      assertArrayEquals(new float[] {0f, 3f, 4f}, tail);
    }
  }
}
