package io.github.tttvideo.core.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file: the metadata, the tensors in header order, and where
 * the data area is in the file.
 *
 * @param metadata the {@code __metadata__} entries (empty if there were none)
 * @param tensors the tensors, in the order the header lists them
 * @param dataStart file offset of the data area: 8 + header length
 * @param dataLength bytes from the data area's start to the end of the file
 * @since 0.1.0
 */
public record SafetensorsHeader(
    Map<String, String> metadata, List<TensorInfo> tensors, long dataStart, long dataLength) {

  /** Makes unmodifiable copies. */
  public SafetensorsHeader {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    tensors = List.copyOf(new ArrayList<>(tensors));
  }
}
