package io.github.tttvideo.core.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes float tensors to a safetensors file, as F32, F16 or BF16. The file appears only when it is
 * complete: it is written to a temporary file in the target's folder and then moved into place
 * atomically, so a reader never sees half a file.
 *
 * <pre>{@code
 * SafetensorsWriter.to(Path.of("model.safetensors"))
 *     .metadata("format", "pt")
 *     .add("blocks.0.attn.wq.weight", new long[] {128, 128}, wq)           // F32
 *     .add("blocks.0.attn.wk.weight", DType.BF16, new long[] {128, 128}, wk)
 *     .write();
 * }</pre>
 *
 * <p>The header lists tensors in the order they were added, the data follows contiguously in the
 * same order, and the header is padded with spaces to a multiple of 8 bytes so that the data is
 * aligned.
 *
 * @since 0.1.0
 */
public final class SafetensorsWriter {

  private static final Logger LOG = LoggerFactory.getLogger(SafetensorsWriter.class);
  private static final int CHUNK_ELEMENTS = 1 << 16;

  private final Path target;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, Entry> tensors = new LinkedHashMap<>();

  private record Entry(String name, DType dtype, long[] shape, float[] data) {}

  private SafetensorsWriter(Path target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * Starts a file.
   *
   * @param target where the file will be; replaced if it exists
   * @return a writer with no tensors yet
   */
  public static SafetensorsWriter to(Path target) {
    return new SafetensorsWriter(target);
  }

  /**
   * Adds a {@code __metadata__} entry.
   *
   * @param key the key
   * @param value the value
   * @return this writer
   */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Adds a tensor stored as F32.
   *
   * @param name the tensor's name
   * @param shape its dimensions
   * @param data the values, row-major; kept by reference until {@link #write()}
   * @return this writer
   */
  public SafetensorsWriter add(String name, long[] shape, float[] data) {
    return add(name, DType.F32, shape, data);
  }

  /**
   * Adds a tensor.
   *
   * @param name the tensor's name, unique and not {@code __metadata__}
   * @param dtype how to store it: F32, F16 or BF16 (rounded to nearest even)
   * @param shape its dimensions, non-negative
   * @param data the values, row-major, as many as the shape says; kept by reference until {@link
   *     #write()}
   * @return this writer
   * @throws IllegalArgumentException if the name, dtype, shape or data length is wrong
   */
  public SafetensorsWriter add(String name, DType dtype, long[] shape, float[] data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(data, "data");
    if (name.isEmpty() || name.equals("__metadata__")) {
      throw new IllegalArgumentException(
          "tensor name must be non-empty and not __metadata__: \"" + name + "\"");
    }
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor " + name + " was already added");
    }
    if (!dtype.isFloatWritable()) {
      throw new IllegalArgumentException(
          "tensor " + name + ": cannot write dtype " + dtype + " (supported: F32, F16, BF16)");
    }
    long[] dims = shape.clone();
    long elements;
    try {
      for (long d : dims) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor " + name + ": negative dimension in shape " + TensorInfo.shapeString(dims));
        }
      }
      elements = TensorInfo.elementCount(dims);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "tensor " + name + ": shape " + TensorInfo.shapeString(dims) + " overflows");
    }
    if (elements != data.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": shape "
              + TensorInfo.shapeString(dims)
              + " has "
              + elements
              + " elements, but "
              + data.length
              + " values were given");
    }
    tensors.put(name, new Entry(name, dtype, dims, data));
    return this;
  }

  /**
   * Writes the file: to a temporary file next to the target, then an atomic move.
   *
   * @return the target path
   * @throws IOException if writing or moving fails; no partial file is left behind
   */
  public Path write() throws IOException {
    byte[] header = header();
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel out =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer length =
            ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        writeFully(out, length);
        writeFully(out, ByteBuffer.wrap(header));
        for (Entry e : tensors.values()) {
          writeData(out, e);
        }
        out.force(true);
      }
      shareable(temp);
      move(temp);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    LOG.debug("wrote {} tensors to {}", tensors.size(), target);
    return target;
  }

  /** Builds the JSON header, padded with spaces to a multiple of 8 bytes. */
  private byte[] header() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : tensors.values()) {
      ObjectNode t = root.putObject(e.name());
      t.put("dtype", e.dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.shape()) {
        shape.add(d);
      }
      long end = offset + (long) e.data().length * e.dtype().size();
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    String json = mapper.writeValueAsString(root);
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    int padded = (bytes + 7) / 8 * 8;
    return (json + " ".repeat(padded - bytes)).getBytes(StandardCharsets.UTF_8);
  }

  private static void writeData(FileChannel out, Entry e) throws IOException {
    float[] data = e.data();
    int size = e.dtype().size();
    ByteBuffer buf =
        ByteBuffer.allocate(Math.min(data.length, CHUNK_ELEMENTS) * size)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
      int end = Math.min(data.length, start + CHUNK_ELEMENTS);
      buf.clear();
      for (int i = start; i < end; i++) {
        switch (e.dtype()) {
          case F32 -> buf.putFloat(data[i]);
          case F16 -> buf.putShort(FloatFormats.toF16(data[i]));
          case BF16 -> buf.putShort(FloatFormats.toBf16(data[i]));
          default -> throw new IllegalStateException("unwritable dtype " + e.dtype());
        }
      }
      writeFully(out, buf.flip());
    }
  }

  /**
   * A temp file is created owner-only (rw-------); a model file is meant to be read by others, as
   * a file written with the usual umask would be: rw-r--r-- where the file system has POSIX
   * permissions (elsewhere the temp file's defaults stay).
   */
  private static void shareable(Path temp) throws IOException {
    if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp,
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      LOG.debug("atomic move not supported for {}, replacing non-atomically", target);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  /**
   * The tensors added so far, in order.
   *
   * @return their names
   */
  public List<String> names() {
    return new ArrayList<>(tensors.keySet());
  }
}
