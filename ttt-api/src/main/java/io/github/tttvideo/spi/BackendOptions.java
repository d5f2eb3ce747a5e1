package io.github.tttvideo.spi;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Locale;

/**
 * Where and how a backend runs a model.
 *
 * @param device {@code cpu} (the default), {@code gpu} (fails when none is present) or
 *     {@code auto} (a GPU when one is present, else the CPU)
 * @param threads intra-op threads; 0 lets the engine decide
 * @param dtype {@code float32} (the default, and the only choice on CPU), {@code bfloat16} or
 *     {@code float16} (GPU only)
 * @since 0.1.0
 */
public record BackendOptions(String device, int threads, String dtype) {

  /** Normalises and validates the options. */
  public BackendOptions {
    device = device == null ? "cpu" : device.trim().toLowerCase(Locale.ROOT);
    dtype = dtype == null ? "float32" : dtype.trim().toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
      throw new InvalidInputException("device must be cpu, gpu or auto; got " + device);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be >= 0, got " + threads);
    }
    if (!dtype.equals("float32") && !dtype.equals("bfloat16") && !dtype.equals("float16")) {
      throw new InvalidInputException("dtype must be float32, bfloat16 or float16; got " + dtype);
    }
    if (device.equals("cpu") && !dtype.equals("float32")) {
      throw new InvalidInputException("dtype " + dtype + " needs a GPU; the CPU runs float32");
    }
  }

  /**
   * CPU, engine-chosen threads, float32.
   *
   * @return the defaults
   */
  public static BackendOptions defaults() {
    return new BackendOptions("cpu", 0, "float32");
  }
}
