package io.github.tttvideo.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed file is rejected before its data is touched, with a message that names the
 * problem.
 */
class HostileFilesTest {

  @TempDir Path dir;

  /** A well-formed tensor entry with the given fields spliced in. */
  private static String entry(String name, String dtype, String shape, String offsets) {
    return "\""
        + name
        + "\":{\"dtype\":"
        + dtype
        + ",\"shape\":"
        + shape
        + ",\"data_offsets\":"
        + offsets
        + "}";
  }

  private static Arguments header(String description, String json, int dataBytes, String fragment) {
    return Arguments.of(
        description,
        json.getBytes(StandardCharsets.UTF_8),
        (long) json.getBytes(StandardCharsets.UTF_8).length,
        dataBytes,
        fragment);
  }

  private static Arguments raw(
      String description, byte[] header, long claimed, int dataBytes, String fragment) {
    return Arguments.of(description, header, claimed, dataBytes, fragment);
  }

  static Stream<Arguments> catalogue() {
    String ok = entry("w", "\"F32\"", "[2,2]", "[0,16]");
    return Stream.of(
        header("not JSON", "{\"w\": nope}", 0, "header is not valid JSON"),
        header("truncated JSON", "{\"w\":{\"dtype\":\"F32\"", 0, "header is not valid JSON"),
        header("trailing garbage", "{" + ok + "} {}", 16, "header is not valid JSON"),
        header("array", "[1, 2]", 0, "header is a JSON array, expected an object"),
        header("string", "\"hello\"", 0, "header is a JSON string, expected an object"),
        header(
            "duplicate tensor", "{" + ok + "," + ok + "}", 16, "header has a duplicate key: 'w'"),
        header(
            "duplicate field",
            "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            4,
            "header has a duplicate key: 'dtype'"),
        header(
            "deep nesting",
            "{\"__metadata__\":" + "[".repeat(200) + "]".repeat(200) + "}",
            0,
            "header exceeds a parser limit: Document nesting depth (33) exceeds the maximum allowed"
                + " (32)"),
        header(
            "huge number",
            "{" + entry("w", "\"F32\"", "[" + "9".repeat(200) + "]", "[0,4]") + "}",
            4,
            "header exceeds a parser limit: Number value length (200)"),
        raw(
            "invalid UTF-8",
            new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'},
            8,
            0,
            "header is not valid JSON"),
        header(
            "unknown dtype",
            "{" + entry("w", "\"F128\"", "[1]", "[0,16]") + "}",
            16,
            "tensor w: unknown dtype \"F128\""),
        header(
            "dtype lowercase",
            "{" + entry("w", "\"f32\"", "[1]", "[0,4]") + "}",
            4,
            "unknown dtype \"f32\""),
        header(
            "dtype not a string",
            "{" + entry("w", "4", "[1]", "[0,4]") + "}",
            4,
            "tensor w: dtype must be a string"),
        header(
            "dtype missing",
            "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}",
            4,
            "tensor w: dtype must be a string, found nothing"),
        header("entry not an object", "{\"w\":[1,2]}", 0, "tensor w: entry must be an object"),
        header(
            "empty name",
            "{" + entry("", "\"F32\"", "[1]", "[0,4]") + "}",
            4,
            "tensor with an empty name"),
        header(
            "negative dim",
            "{" + entry("w", "\"F32\"", "[-1,4]", "[0,16]") + "}",
            16,
            "tensor w: shape must be an array of non-negative integers"),
        header(
            "fractional dim",
            "{" + entry("w", "\"F32\"", "[1.5]", "[0,4]") + "}",
            4,
            "shape must be an array of non-negative integers"),
        header(
            "shape not array",
            "{" + entry("w", "\"F32\"", "4", "[0,16]") + "}",
            16,
            "shape must be an array"),
        header(
            "element count overflow",
            "{" + entry("w", "\"F32\"", "[4294967296,4294967296]", "[0,16]") + "}",
            16,
            "tensor w: shape [4294967296, 4294967296] has too many elements (overflow)"),
        header(
            "byte count overflow",
            "{" + entry("w", "\"F64\"", "[2305843009213693952]", "[0,16]") + "}",
            16,
            "too many elements (overflow)"),
        header(
            "dim beyond long",
            "{" + entry("w", "\"F32\"", "[18446744073709551616]", "[0,4]") + "}",
            4,
            "non-negative integers"),
        header(
            "offsets one number",
            "{" + entry("w", "\"F32\"", "[1]", "[0]") + "}",
            4,
            "data_offsets must be two non-negative integers"),
        header(
            "offsets three numbers",
            "{" + entry("w", "\"F32\"", "[1]", "[0,4,8]") + "}",
            8,
            "data_offsets must be two"),
        header(
            "offsets strings",
            "{" + entry("w", "\"F32\"", "[1]", "[\"0\",\"4\"]") + "}",
            4,
            "data_offsets must be two"),
        header(
            "offsets negative",
            "{" + entry("w", "\"F32\"", "[1]", "[-4,0]") + "}",
            4,
            "data_offsets must be two non-negative"),
        header(
            "offsets missing",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}",
            4,
            "data_offsets must be two non-negative integers [begin, end], found nothing"),
        header(
            "begin after end",
            "{" + entry("w", "\"F32\"", "[0]", "[8,4]") + "}",
            8,
            "tensor w: data_offsets begin 8 is after end 4"),
        header(
            "end beyond data",
            "{" + entry("w", "\"F32\"", "[4]", "[0,16]") + "}",
            12,
            "tensor w: data_offsets end 16 is beyond the data area (12 bytes)"),
        header(
            "size mismatch",
            "{" + entry("w", "\"F32\"", "[3]", "[0,16]") + "}",
            16,
            "tensor w: data_offsets cover 16 bytes, but F32 [3] needs 3 x 4 = 12 bytes"),
        header(
            "overlap",
            "{" + ok + "," + entry("v", "\"F16\"", "[4]", "[8,16]") + "}",
            16,
            "tensors w and v overlap"),
        header(
            "alias", "{" + ok + "," + entry("v", "\"F32\"", "[4]", "[0,16]") + "}", 16, "overlap"),
        header(
            "metadata not object",
            "{\"__metadata__\":[1]}",
            0,
            "__metadata__ must be an object of strings"),
        header(
            "metadata value not string",
            "{\"__metadata__\":{\"step\":5}}",
            0,
            "__metadata__.step must be a string"),
        raw(
            "header length beyond file",
            new byte[] {'{', '}'},
            1_000_000,
            0,
            "header length 1000000 bytes exceeds the file size (10 bytes"),
        raw(
            "header length negative as signed",
            new byte[] {'{', '}'},
            -1L,
            0,
            "header length 18446744073709551615 bytes exceeds the file size"),
        raw("header length zero", new byte[0], 0, 4, "header length 0 bytes is too short"),
        raw(
            "header cut in the middle",
            "{\"w\":{\"dtype\":\"F32\"}}".getBytes(StandardCharsets.UTF_8),
            10,
            0,
            "header is not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void hostileHeaderIsRejectedWithItsProblemNamed(
      String description, byte[] header, long claimed, int dataBytes, String fragment)
      throws IOException {
    Path file = HostileFiles.writeRaw(dir, claimed, header, new byte[dataBytes]);
    InvalidWeightsException e =
        assertThrows(InvalidWeightsException.class, () -> SafetensorsFile.open(file).close());
    assertTrue(
        e.getMessage().contains(fragment),
        () -> description + ": expected \"" + fragment + "\" in: " + e.getMessage());
    assertTrue(
        e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
    assertTrue(e instanceof InvalidInputException);
  }

  @ParameterizedTest
  @MethodSource("shortFiles")
  void fileShorterThanTheLengthFieldIsRejected(int length) throws IOException {
    Path file = dir.resolve("short" + length + ".safetensors");
    Files.write(file, new byte[length]);
    InvalidWeightsException e =
        assertThrows(InvalidWeightsException.class, () -> SafetensorsFile.open(file));
    assertEquals(
        file + ": file is " + length + " bytes, too short for the 8-byte header length",
        e.getMessage());
  }

  static Stream<Integer> shortFiles() {
    return Stream.of(0, 1, 7);
  }

  @Test
  void headerOverTheLimitIsRejectedWithoutReadingIt() throws IOException {
    // a sparse file: 200 MB claimed header, nothing actually written
    Path file = dir.resolve("sparse.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array());
      f.setLength(300_000_000L);
    }
    InvalidWeightsException e =
        assertThrows(InvalidWeightsException.class, () -> SafetensorsFile.open(file));
    assertTrue(
        e.getMessage()
            .endsWith("header length 200000000 bytes exceeds the limit of 100000000 bytes"),
        e.getMessage());
  }

  @Test
  void headerLimitIsConfigurable() throws IOException {
    Path file =
        HostileFiles.write(dir, "{" + entry("w", "\"F32\"", "[1]", "[0,4]") + "}", new byte[4]);
    InvalidWeightsException e =
        assertThrows(
            InvalidWeightsException.class,
            () -> SafetensorsFile.open(file, SafetensorsOptions.defaults().withMaxHeaderBytes(16)));
    assertTrue(e.getMessage().contains("exceeds the limit of 16 bytes"), e.getMessage());
  }

  @Test
  void holesBetweenTensorsAreAllowed() throws IOException {
    Path file =
        HostileFiles.write(dir, "{" + entry("w", "\"F32\"", "[1]", "[8,12]") + "}", new byte[16]);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(8, f.tensor("w").info().begin());
    }
  }
}
