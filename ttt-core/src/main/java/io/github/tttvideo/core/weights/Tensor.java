package io.github.tttvideo.core.weights;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One tensor of an open {@link SafetensorsFile}: its description and methods that read its data as
 * {@code float}, converting F16, BF16 and F64 on the fly.
 *
 * <pre>{@code
 * Tensor t = file.tensor("embed.weight");
 * float[] all = t.toFloatArray();              // whole tensor, up to 2^31 - 9 elements
 * float[] row = new float[dim];
 * t.readFloats(17L * dim, row, 0, dim);       // any slice, for tensors of any size
 * }</pre>
 *
 * <p>A tensor is only a handle: it reads from its file each time and fails once the file is closed.
 *
 * @since 0.1.0
 */
public final class Tensor {

  /** The largest array the JVM reliably allocates. */
  static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final TensorInfo info;
  private final SafetensorsFile file;

  Tensor(TensorInfo info, SafetensorsFile file) {
    this.info = Objects.requireNonNull(info, "info");
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * The tensor's description.
   *
   * @return name, dtype, shape and byte range
   */
  public TensorInfo info() {
    return info;
  }

  /**
   * The tensor's name.
   *
   * @return the name
   */
  public String name() {
    return info.name();
  }

  /**
   * The element type in the file.
   *
   * @return the dtype
   */
  public DType dtype() {
    return info.dtype();
  }

  /**
   * The dimensions, outermost first.
   *
   * @return a copy of the shape
   */
  public long[] shape() {
    return info.shape();
  }

  /**
   * Reads the whole tensor as float32, row-major.
   *
   * @return a new array of {@link TensorInfo#elementCount()} values
   * @throws InvalidWeightsException if the dtype cannot be read as float, or the tensor has more
   *     elements than a Java array can hold (use {@link #readFloats} for such tensors)
   */
  public float[] toFloatArray() {
    requireFloatReadable();
    long n = info.elementCount();
    if (n > MAX_ARRAY_LENGTH) {
      throw new InvalidWeightsException(
          file.path(),
          "tensor "
              + info.name()
              + " has "
              + n
              + " elements, more than one float[] can hold ("
              + MAX_ARRAY_LENGTH
              + "); read it in slices with Tensor.readFloats");
    }
    float[] out = new float[(int) n];
    readFloats(0, out, 0, out.length);
    return out;
  }

  /**
   * Reads a run of elements as float32. Works for tensors of any size: the data is mapped window by
   * window.
   *
   * @param firstElement index of the first element to read, in row-major order
   * @param dst where to put the values
   * @param offset first index in {@code dst} to write
   * @param count number of elements to read
   * @throws IndexOutOfBoundsException if the run is outside the tensor or {@code dst}
   * @throws InvalidWeightsException if the dtype cannot be read as float
   */
  public void readFloats(long firstElement, float[] dst, int offset, int count) {
    requireFloatReadable();
    Objects.checkFromIndexSize(offset, count, dst.length);
    Objects.checkFromIndexSize(firstElement, count, info.elementCount());
    int size = info.dtype().size();
    int perWindow = file.options().mapWindowBytes() / size;
    long element = firstElement;
    int done = 0;
    while (done < count) {
      int chunk = Math.min(perWindow, count - done);
      ByteBuffer bytes = file.map(info.begin() + element * size, (long) chunk * size);
      FloatDecoder.decode(info.dtype(), bytes, dst, offset + done, chunk);
      done += chunk;
      element += chunk;
    }
  }

  /**
   * Maps the tensor's raw bytes, for any dtype.
   *
   * @return a read-only little-endian buffer of {@link TensorInfo#byteSize()} bytes
   * @throws InvalidWeightsException if the tensor is larger than 2^31 - 1 bytes
   */
  public ByteBuffer bytes() {
    if (info.byteSize() > Integer.MAX_VALUE) {
      throw new InvalidWeightsException(
          file.path(),
          "tensor " + info.name() + " has " + info.byteSize() + " bytes, too many for one buffer");
    }
    return file.map(info.begin(), info.byteSize());
  }

  private void requireFloatReadable() {
    if (!info.dtype().isFloatReadable()) {
      throw new InvalidWeightsException(
          file.path(),
          "tensor "
              + info.name()
              + " has dtype "
              + info.dtype()
              + ", which cannot be read as float (supported: F32, F16, BF16, F64)");
    }
  }

  @Override
  public String toString() {
    return info.toString();
  }
}
