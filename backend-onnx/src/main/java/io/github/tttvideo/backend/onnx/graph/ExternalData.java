package io.github.tttvideo.backend.onnx.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of ONNX external data: the raw bytes of large initializers, each starting at a multiple
 * of 4096 bytes, which the graph refers to by file name, offset and length (ONNX's {@code
 * data_location = EXTERNAL}). It lets a graph carry more than protobuf's 2 GiB of weights; ONNX
 * Runtime reads the file from the folder of the {@code .onnx} file.
 */
public final class ExternalData implements AutoCloseable {

  private static final int ALIGN = 4096;

  private final Path file;
  private final OutputStream out;
  private long offset;

  /**
   * Creates (or replaces) the file.
   *
   * @param file the data file, in the folder of the graph file
   * @throws IOException if it cannot be created
   */
  public ExternalData(Path file) throws IOException {
    this.file = file;
    this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
  }

  /**
   * The file name that graphs record as the location.
   *
   * @return the name
   */
  public String location() {
    return file.getFileName().toString();
  }

  /**
   * Appends the bytes of one tensor.
   *
   * @param bytes little-endian raw data
   * @return the offset they start at
   */
  long append(byte[] bytes) {
    try {
      long pad = (ALIGN - offset % ALIGN) % ALIGN;
      out.write(new byte[(int) pad]);
      offset += pad;
      long at = offset;
      out.write(bytes);
      offset += bytes.length;
      return at;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Bytes written so far.
   *
   * @return the size
   */
  public long size() {
    return offset;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
