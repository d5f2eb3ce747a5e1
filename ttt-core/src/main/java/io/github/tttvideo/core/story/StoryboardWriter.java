package io.github.tttvideo.core.story;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes stories in the official TTT-Video storyboard format, the inverse of {@link
 * StoryboardReader}.
 *
 * <p>Each segment is written as {@code text}, {@code requires_scene_transition}, {@code neg_text}
 * (always present, {@code null} when the segment has none), then its {@link Segment#extraFields()
 * extra fields} in their order. Texts are written as the user gave them, without scene markers.
 * Reading the output gives the same segments, and writing those again gives the same bytes.
 *
 * <pre>{@code
 * String json = StoryboardWriter.toJson(List.of(story));
 * StoryboardWriter.write(Path.of("story.jsonl"), board.videos());   // one video per line
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StoryboardWriter {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Set<String> KNOWN =
      Set.of(StoryboardReader.TEXT, StoryboardReader.TRANSITION, StoryboardReader.NEG_TEXT);

  private StoryboardWriter() {}

  /**
   * The {@code .json} form: a pretty-printed array of videos, ending with a newline.
   *
   * @param videos the videos
   * @return the JSON text
   */
  public static String toJson(List<VideoStory> videos) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      DefaultPrettyPrinter pretty =
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
      pretty.indentArraysWith(new DefaultIndenter("  ", "\n"));
      g.setPrettyPrinter(pretty);
      g.writeStartArray();
      for (int v = 0; v < videos.size(); v++) {
        writeVideo(g, videos.get(v), v);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  /**
   * The {@code .jsonl} form: one compact video array per line.
   *
   * @param videos the videos
   * @return the text, each line ending with a newline
   */
  public static String toJsonLines(List<VideoStory> videos) {
    StringBuilder sb = new StringBuilder();
    for (int v = 0; v < videos.size(); v++) {
      StringWriter out = new StringWriter();
      try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
        writeVideo(g, videos.get(v), v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sb.append(out).append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes a file; {@code .jsonl} and {@code .ndjson} get one video per line, anything else the
   * {@code .json} form.
   *
   * @param file the file
   * @param videos the videos
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, List<VideoStory> videos) throws IOException {
    String text = StoryboardReader.isJsonLines(file.toString())
        ? toJsonLines(videos) : toJson(videos);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(text);
    }
  }

  private static void writeVideo(JsonGenerator g, VideoStory story, int v) throws IOException {
    g.writeStartArray();
    List<Segment> segments = story.segments();
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      g.writeStartObject();
      g.writeStringField(StoryboardReader.TEXT, seg.text());
      g.writeBooleanField(StoryboardReader.TRANSITION, seg.requiresSceneTransition());
      if (seg.negativeText() == null) {
        g.writeNullField(StoryboardReader.NEG_TEXT);
      } else {
        g.writeStringField(StoryboardReader.NEG_TEXT, seg.negativeText());
      }
      for (Map.Entry<String, String> e : seg.extraFields().entrySet()) {
        if (KNOWN.contains(e.getKey())) {
          throw new InvalidInputException("video " + v + ", segment " + s + ": extra field \""
              + e.getKey() + "\" clashes with a field of the format");
        }
        g.writeFieldName(e.getKey());
        g.writeTree(parseRaw(e.getValue(), v, s, e.getKey()));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static JsonNode parseRaw(String raw, int v, int s, String name) {
    try {
      return MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("video " + v + ", segment " + s + ": extra field \""
          + name + "\" is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
