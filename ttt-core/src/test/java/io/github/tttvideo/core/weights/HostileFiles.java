package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, valid or not. */
final class HostileFiles {

  private HostileFiles() {}

  /** A file with this header text (its true length) followed by {@code data}. */
  static Path write(Path dir, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return writeRaw(dir, json.length, json, data);
  }

  /** A file with any header length claim, header bytes and data. */
  static Path writeRaw(Path dir, long claimedLength, byte[] header, byte[] data)
      throws IOException {
    ByteBuffer buf =
        ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(claimedLength).put(header).put(data);
    Path file = Files.createTempFile(dir, "hostile", ".safetensors");
    Files.write(file, buf.array());
    return file;
  }
}
