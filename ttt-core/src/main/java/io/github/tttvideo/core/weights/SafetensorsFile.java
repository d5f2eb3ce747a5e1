package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A safetensors file opened for reading: the header is read and validated at {@link #open}, tensor
 * data is memory-mapped when a tensor is read.
 *
 * <pre>{@code
 * try (SafetensorsFile file = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *   float[] wq = file.tensor("blocks.0.attn.wq.weight").toFloatArray();
 * }
 * }</pre>
 *
 * <p>Files of any size are supported: offsets are {@code long} and data is mapped in windows of at
 * most {@link SafetensorsOptions#mapWindowBytes()} bytes. Instances are safe for concurrent reads.
 * Buffers handed out by {@link Tensor#bytes()} stay valid after {@link #close()} until they are
 * garbage collected (the JDK cannot unmap them earlier); new reads after close fail.
 *
 * @since 0.1.0
 */
public final class SafetensorsFile implements AutoCloseable {

  private final Path path;
  private final FileChannel channel;
  private final SafetensorsHeader header;
  private final SafetensorsOptions options;
  private final Map<String, TensorInfo> byName;

  private SafetensorsFile(
      Path path, FileChannel channel, SafetensorsHeader header, SafetensorsOptions options) {
    this.path = path;
    this.channel = channel;
    this.header = header;
    this.options = options;
    Map<String, TensorInfo> map = new LinkedHashMap<>();
    for (TensorInfo t : header.tensors()) {
      map.put(t.name(), t);
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /**
   * Opens a file with the default limits.
   *
   * @param path the file
   * @return the open file
   * @throws IOException if the file cannot be opened or read ({@link
   *     java.nio.file.NoSuchFileException} if it does not exist)
   * @throws InvalidWeightsException if the file is not a valid safetensors file
   */
  public static SafetensorsFile open(Path path) throws IOException {
    return open(path, SafetensorsOptions.defaults());
  }

  /**
   * Opens a file.
   *
   * @param path the file
   * @param options limits and tuning
   * @return the open file
   * @throws IOException if the file cannot be opened or read
   * @throws InvalidWeightsException if the file is not a valid safetensors file
   */
  public static SafetensorsFile open(Path path, SafetensorsOptions options) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      SafetensorsHeader header = new HeaderReader(path, options).read(channel);
      return new SafetensorsFile(path, channel, header, options);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The file.
   *
   * @return the path it was opened with
   */
  public Path path() {
    return path;
  }

  /**
   * The validated header.
   *
   * @return metadata, tensors and the data area's position
   */
  public SafetensorsHeader header() {
    return header;
  }

  /**
   * The {@code __metadata__} entries.
   *
   * @return an unmodifiable map, empty if the file has none
   */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * The tensors, in header order.
   *
   * @return an unmodifiable list
   */
  public List<TensorInfo> tensors() {
    return header.tensors();
  }

  /**
   * Looks a tensor up.
   *
   * @param name the tensor's name
   * @return its description, or empty if the file has no such tensor
   */
  public Optional<TensorInfo> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * A handle to read one tensor.
   *
   * @param name the tensor's name
   * @return the tensor
   * @throws WeightMismatchException if the file has no such tensor
   */
  public Tensor tensor(String name) {
    TensorInfo info = byName.get(name);
    if (info == null) {
      throw new WeightMismatchException(name, "tensor " + name + ": missing from " + path);
    }
    return new Tensor(info, this);
  }

  SafetensorsOptions options() {
    return options;
  }

  /**
   * Maps part of the data area.
   *
   * @param offset first byte, relative to the data area
   * @param length bytes to map, at most {@link Integer#MAX_VALUE}
   * @return a read-only little-endian buffer
   */
  ByteBuffer map(long offset, long length) {
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("cannot map " + length + " bytes at once");
    }
    try {
      long fileEnd = header.dataStart() + offset + length;
      if (fileEnd > channel.size()) {
        throw new InvalidWeightsException(
            path, "file is now " + channel.size() + " bytes, was it truncated after opening?");
      }
      return channel
          .map(FileChannel.MapMode.READ_ONLY, header.dataStart() + offset, length)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (ClosedChannelException e) {
      throw new IllegalStateException(path + " is closed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot map " + length + " bytes at " + offset, e);
    }
  }

  /** Closes the file; reading tensors afterwards fails with {@link IllegalStateException}. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": close failed", e);
    }
  }
}
