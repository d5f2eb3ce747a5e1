package io.github.tttvideo.core.weights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Parses the JSON of weights files (safetensors headers, shard indexes) with limits on nesting,
 * lengths and size, and with duplicate keys rejected: a hostile file gets a clear error, never a
 * huge allocation or a silently chosen value.
 */
final class StrictJson {

  private static final int MAX_NESTING = 32;
  private static final int MAX_NUMBER_LENGTH = 64;

  private final ObjectMapper mapper;

  /**
   * Creates a parser for documents of at most {@code maxBytes} bytes.
   *
   * @param maxBytes the largest document accepted
   */
  StrictJson(long maxBytes) {
    int maxString = (int) Math.min(Integer.MAX_VALUE, maxBytes);
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(maxString)
            .maxNameLength(maxString)
            .maxDocumentLength(maxBytes)
            .build();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Parses a document that must be a JSON object.
   *
   * @param json the UTF-8 bytes
   * @param file the file they come from, for messages
   * @param what what the document is, for messages ("header", "index")
   * @return the object
   * @throws InvalidWeightsException if the bytes are not one JSON object within the limits
   */
  JsonNode parseObject(byte[] json, Path file, String what) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidWeightsException(file, describe(e, what), e);
    } catch (IOException e) {
      throw new InvalidWeightsException(file, what + " could not be read: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidWeightsException(file, what + " is empty, expected a JSON object");
    }
    if (!node.isObject()) {
      throw new InvalidWeightsException(
          file,
          what + " is a JSON " + node.getNodeType().name().toLowerCase() + ", expected an object");
    }
    return node;
  }

  private static String describe(JsonProcessingException e, String what) {
    String original = e.getOriginalMessage();
    String first =
        original == null ? e.getClass().getSimpleName() : original.lines().findFirst().orElse("");
    String where =
        e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
    if (first.startsWith("Duplicate field")) {
      return what
          + " has a duplicate key: "
          + first.substring("Duplicate field".length()).trim()
          + where;
    }
    if (first.contains("exceeds the maximum allowed")) {
      return what + " exceeds a parser limit: " + first.replaceAll(", from `[^`]*`", "") + where;
    }
    return what + " is not valid JSON: " + first + where;
  }
}
