package io.github.tttvideo.core.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates the header of a safetensors file. Every check happens before any tensor data
 * is touched, and nothing is allocated from a length the file claims until that length has been
 * checked against the file size and the configured limit.
 */
final class HeaderReader {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderReader.class);
  private static final String METADATA_KEY = "__metadata__";

  private final Path file;
  private final SafetensorsOptions options;

  HeaderReader(Path file, SafetensorsOptions options) {
    this.file = file;
    this.options = options;
  }

  /**
   * Reads the header from an open file.
   *
   * @param channel the file, positioned anywhere
   * @return the validated header
   * @throws IOException if reading fails
   * @throws InvalidWeightsException if the header is malformed
   */
  SafetensorsHeader read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw fail("file is " + size + " bytes, too short for the 8-byte header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength < 0 || headerLength > size - 8) {
      throw fail(
          "header length "
              + Long.toUnsignedString(headerLength)
              + " bytes exceeds the file size ("
              + size
              + " bytes, "
              + (size - 8)
              + " after the length)");
    }
    if (headerLength > options.maxHeaderBytes()) {
      throw fail(
          "header length "
              + headerLength
              + " bytes exceeds the limit of "
              + options.maxHeaderBytes()
              + " bytes");
    }
    if (headerLength < 2) {
      throw fail("header length " + headerLength + " bytes is too short for a JSON object");
    }
    ByteBuffer json = ByteBuffer.allocate((int) headerLength);
    readFully(channel, json, 8);
    JsonNode root =
        new StrictJson(options.maxHeaderBytes()).parseObject(json.array(), file, "header");
    long dataStart = 8 + headerLength;
    long dataLength = size - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<TensorInfo> tensors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = metadata(field.getValue());
      } else {
        tensors.add(tensor(field.getKey(), field.getValue(), dataLength));
      }
    }
    checkLayout(tensors, dataLength);
    return new SafetensorsHeader(metadata, tensors, dataStart, dataLength);
  }

  private Map<String, String> metadata(JsonNode node) {
    if (!node.isObject()) {
      throw fail(METADATA_KEY + " must be an object of strings, found " + kind(node));
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().isTextual()) {
        throw fail(
            METADATA_KEY + "." + e.getKey() + " must be a string, found " + kind(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private TensorInfo tensor(String name, JsonNode node, long dataLength) {
    String where = "tensor " + name;
    if (name.isEmpty()) {
      throw fail("tensor with an empty name");
    }
    if (!node.isObject()) {
      throw fail(where + ": entry must be an object, found " + kind(node));
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw fail(where + ": dtype must be a string, found " + kind(dtypeNode));
    }
    Optional<DType> dtype = DType.byName(dtypeNode.textValue());
    if (dtype.isEmpty()) {
      throw fail(where + ": unknown dtype \"" + dtypeNode.textValue() + "\"");
    }
    long[] shape = shape(where, node.get("shape"));
    long[] offsets = offsets(where, node.get("data_offsets"));
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end) {
      throw fail(where + ": data_offsets begin " + begin + " is after end " + end);
    }
    if (end > dataLength) {
      throw fail(
          where
              + ": data_offsets end "
              + end
              + " is beyond the data area ("
              + dataLength
              + " bytes)");
    }
    long elements;
    long bytes;
    try {
      elements = TensorInfo.elementCount(shape);
      bytes = Math.multiplyExact(elements, dtype.get().size());
    } catch (ArithmeticException e) {
      throw fail(
          where + ": shape " + TensorInfo.shapeString(shape) + " has too many elements (overflow)");
    }
    if (end - begin != bytes) {
      throw fail(
          where
              + ": data_offsets cover "
              + (end - begin)
              + " bytes, but "
              + dtype.get()
              + " "
              + TensorInfo.shapeString(shape)
              + " needs "
              + elements
              + " x "
              + dtype.get().size()
              + " = "
              + bytes
              + " bytes");
    }
    return new TensorInfo(name, dtype.get(), shape, begin, end);
  }

  private long[] shape(String where, JsonNode node) {
    if (node == null || !node.isArray()) {
      throw fail(where + ": shape must be an array of non-negative integers, found " + kind(node));
    }
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = node.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw fail(
            where
                + ": shape must be an array of non-negative integers, found "
                + abbreviate(node.toString()));
      }
      shape[i] = d.longValue();
    }
    return shape;
  }

  private long[] offsets(String where, JsonNode node) {
    String expected =
        where + ": data_offsets must be two non-negative integers [begin, end], found ";
    if (node == null || !node.isArray() || node.size() != 2) {
      throw fail(expected + (node == null ? "nothing" : abbreviate(node.toString())));
    }
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode o = node.get(i);
      if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
        throw fail(expected + abbreviate(node.toString()));
      }
      out[i] = o.longValue();
    }
    return out;
  }

  /** Rejects overlapping byte ranges; logs holes and trailing bytes, which are legal but odd. */
  private void checkLayout(List<TensorInfo> tensors, long dataLength) {
    List<TensorInfo> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long covered = 0;
    TensorInfo previous = null;
    long holes = 0;
    for (TensorInfo t : byOffset) {
      if (t.byteSize() == 0) {
        continue;
      }
      if (t.begin() < covered) {
        throw fail(
            "tensors "
                + previous.name()
                + " and "
                + t.name()
                + " overlap (bytes ["
                + previous.begin()
                + ", "
                + previous.end()
                + ") and ["
                + t.begin()
                + ", "
                + t.end()
                + "))");
      }
      holes += t.begin() - covered;
      covered = t.end();
      previous = t;
    }
    if (holes > 0 || covered < dataLength) {
      LOG.warn(
          "{}: {} bytes of the data area belong to no tensor ({} in holes, {} at the end)",
          file,
          holes + dataLength - covered,
          holes,
          dataLength - covered);
    }
  }

  private static String kind(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase() + " " + abbreviate(node.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw fail("file ended while reading the header (truncated while being read?)");
      }
      pos += n;
    }
  }

  private InvalidWeightsException fail(String problem) {
    return new InvalidWeightsException(file, problem);
  }
}
