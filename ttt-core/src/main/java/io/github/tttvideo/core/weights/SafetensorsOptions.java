package io.github.tttvideo.core.weights;

/**
 * Limits and tuning for reading safetensors files.
 *
 * <pre>{@code
 * SafetensorsOptions options = SafetensorsOptions.defaults().withMaxHeaderBytes(10_000_000);
 * try (SafetensorsFile file = SafetensorsFile.open(path, options)) { ... }
 * }</pre>
 *
 * @param maxHeaderBytes the largest JSON header accepted; a file that claims a longer header is
 *     rejected before anything is allocated (default {@value #DEFAULT_MAX_HEADER_BYTES})
 * @param mapWindowBytes the largest slice of a file mapped at once when reading a tensor; big
 *     tensors are read window by window (default {@value #DEFAULT_MAP_WINDOW_BYTES})
 * @since 0.1.0
 */
public record SafetensorsOptions(long maxHeaderBytes, int mapWindowBytes) {

  /** Default header limit: 100 MB, as the reference implementation uses. */
  public static final long DEFAULT_MAX_HEADER_BYTES = 100_000_000L;

  /** Default mapping window: 256 MiB. */
  public static final int DEFAULT_MAP_WINDOW_BYTES = 1 << 28;

  /** Headers are read into one array, so they cannot be larger than this. */
  static final long MAX_HEADER_LIMIT = Integer.MAX_VALUE - 8;

  /** Validates the limits. */
  public SafetensorsOptions {
    if (maxHeaderBytes < 2 || maxHeaderBytes > MAX_HEADER_LIMIT) {
      throw new IllegalArgumentException(
          "maxHeaderBytes must be in [2, " + MAX_HEADER_LIMIT + "], got " + maxHeaderBytes);
    }
    if (mapWindowBytes < 8 || mapWindowBytes % 8 != 0) {
      throw new IllegalArgumentException(
          "mapWindowBytes must be a positive multiple of 8, got " + mapWindowBytes);
    }
  }

  /**
   * The default options.
   *
   * @return a 100 MB header limit and 256 MiB mapping windows
   */
  public static SafetensorsOptions defaults() {
    return new SafetensorsOptions(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAP_WINDOW_BYTES);
  }

  /**
   * A copy with another header limit.
   *
   * @param bytes the largest header accepted
   * @return the new options
   */
  public SafetensorsOptions withMaxHeaderBytes(long bytes) {
    return new SafetensorsOptions(bytes, mapWindowBytes);
  }

  /**
   * A copy with another mapping window.
   *
   * @param bytes the largest slice mapped at once, a multiple of 8
   * @return the new options
   */
  public SafetensorsOptions withMapWindowBytes(int bytes) {
    return new SafetensorsOptions(maxHeaderBytes, bytes);
  }
}
