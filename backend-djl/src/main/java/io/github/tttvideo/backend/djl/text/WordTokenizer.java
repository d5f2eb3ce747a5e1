package io.github.tttvideo.backend.djl.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.core.story.SceneMarkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word-level tokenizer of the embedded model's text encoder.
 *
 * <p>Rules: the scene markers {@code <start_scene>} and {@code <end_scene>} are tokens of their
 * own; the rest is lower-cased and split on everything that is not a letter, except that an
 * apostrophe between letters stays inside the word ({@code chef's}, typographic ’ counts as ').
 * A word found in the vocabulary is its id; a possessive or contraction that is not ({@code
 * jerry's}) becomes its stem ({@code jerry}) followed by {@code 's} when the vocabulary has it;
 * anything else is {@code <unk>}. The sequence is truncated or padded with {@code <pad>} to exactly
 * the requested number of tokens.
 *
 * <p>Reserved ids (every {@code vocab.json} must hold them): {@code <pad>} = 0, {@code <unk>} = 1,
 * {@code <start_scene>} = 2, {@code <end_scene>} = 3.
 *
 * <pre>{@code
 * WordTokenizer tok = WordTokenizer.read(modelDir.resolve("vocab.json"));
 * int[] ids = tok.encode("Jerry puts on a chef's hat.", 16);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WordTokenizer {

  /** Vocabulary file name inside a model directory. */
  public static final String FILE_NAME = "vocab.json";
  /** Padding id. */
  public static final int PAD = 0;
  /** Unknown-word id. */
  public static final int UNK = 1;
  /** Reserved tokens in id order. */
  public static final List<String> RESERVED =
      List.of("<pad>", "<unk>", SceneMarkers.START, SceneMarkers.END);

  private static final Pattern TOKEN = Pattern.compile(
      Pattern.quote(SceneMarkers.START) + "|" + Pattern.quote(SceneMarkers.END)
          + "|\\p{L}+(?:'\\p{L}+)*");

  private final Map<String, Integer> vocab;

  /**
   * A tokenizer over a vocabulary.
   *
   * @param vocab word to id; must map the reserved tokens to 0..3 and ids must be distinct
   */
  public WordTokenizer(Map<String, Integer> vocab) {
    for (int i = 0; i < RESERVED.size(); i++) {
      Integer id = vocab.get(RESERVED.get(i));
      if (id == null || id != i) {
        throw new InvalidInputException(
            "vocabulary must map " + RESERVED.get(i) + " to " + i + ", got " + id);
      }
    }
    if (vocab.values().stream().distinct().count() != vocab.size()
        || vocab.values().stream().anyMatch(v -> v < 0)) {
      throw new InvalidInputException("vocabulary ids must be distinct and >= 0");
    }
    this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
  }

  /**
   * A vocabulary of the reserved tokens followed by words, ids in order.
   *
   * @param words words (lower case, no duplicates)
   * @return the tokenizer
   */
  public static WordTokenizer of(List<String> words) {
    Map<String, Integer> v = new LinkedHashMap<>();
    for (String r : RESERVED) {
      v.put(r, v.size());
    }
    for (String w : words) {
      v.putIfAbsent(w.toLowerCase(Locale.ROOT), v.size());
    }
    return new WordTokenizer(v);
  }

  /**
   * Reads {@code vocab.json} (a JSON object word to id).
   *
   * @param file the file
   * @return the tokenizer
   * @throws ModelLoadException if it cannot be read or is invalid
   */
  public static WordTokenizer read(Path file) {
    try {
      Map<String, Integer> v = new ObjectMapper().readValue(file.toFile(),
          new TypeReference<LinkedHashMap<String, Integer>>() {});
      return new WordTokenizer(v);
    } catch (IOException | InvalidInputException e) {
      throw new ModelLoadException("cannot read vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the vocabulary as {@code vocab.json}.
   *
   * @param file target
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(vocab));
  }

  /**
   * Word to id.
   *
   * @return the vocabulary
   */
  public Map<String, Integer> vocabulary() {
    return vocab;
  }

  /**
   * Largest id + 1.
   *
   * @return the number of embedding rows the vocabulary needs
   */
  public int size() {
    return vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
  }

  /**
   * The words of a text, after lower-casing and splitting (before the vocabulary lookup).
   *
   * @param text a segment's text
   * @return the words
   */
  public static List<String> words(String text) {
    String t = text.replace('\u2019', '\'').toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(t);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * Token ids of a text, padded or truncated to exactly {@code tokens}.
   *
   * @param text a segment's text
   * @param tokens Tt
   * @return the ids
   */
  public int[] encode(String text, int tokens) {
    if (tokens < 1) {
      throw new InvalidInputException("tokens must be >= 1, got " + tokens);
    }
    List<Integer> ids = new ArrayList<>();
    for (String w : words(text == null ? "" : text)) {
      Integer id = vocab.get(w);
      if (id != null) {
        ids.add(id);
        continue;
      }
      int apo = w.indexOf('\'');
      if (apo > 0 && vocab.containsKey(w.substring(0, apo))) {
        ids.add(vocab.get(w.substring(0, apo)));
        Integer suffix = vocab.get(w.substring(apo));
        if (suffix != null) {
          ids.add(suffix);
        }
        continue;
      }
      ids.add(UNK);
    }
    int[] out = new int[tokens];
    for (int i = 0; i < tokens && i < ids.size(); i++) {
      out[i] = ids.get(i);
    }
    return out;
  }
}
