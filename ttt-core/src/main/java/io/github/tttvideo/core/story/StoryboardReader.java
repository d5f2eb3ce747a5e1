package io.github.tttvideo.core.story;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.StoryboardException;
import io.github.tttvideo.api.VideoStory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads storyboards in the official TTT-Video input format.
 *
 * <p>{@code .json}: a top-level array of videos, each an array of segment objects {@code {"text":
 * string, "requires_scene_transition": bool (default false), "neg_text": string or null}}. {@code
 * .jsonl} (or {@code .ndjson}): one such video array per line. A segment whose flag is true starts
 * a new {@link Scene}; the flag of a video's first segment is forced to false (with a warning).
 *
 * <p>Every fault is a {@link StoryboardException} whose message reads {@code
 * file:line:column: video V, segment S: what is wrong}. Unknown fields of a segment are logged as
 * a warning and kept, as raw JSON, in {@link Segment#extraFields()}, so that {@link
 * StoryboardWriter} writes them back. Inputs are bounded: file size, nesting depth, string length,
 * number of videos and of segments per video.
 *
 * <pre>{@code
 * Storyboard board = StoryboardReader.defaults().read(Path.of("story.json"));
 * VideoStory first = board.videos().get(0);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StoryboardReader {

  private static final Logger LOG = LoggerFactory.getLogger(StoryboardReader.class);

  /** Field names of the format. */
  static final String TEXT = "text";
  static final String TRANSITION = "requires_scene_transition";
  static final String NEG_TEXT = "neg_text";

  /** Default limit of the file size: 16 MiB. */
  public static final long DEFAULT_MAX_BYTES = 16L << 20;
  /** Default limit of videos in one file. */
  public static final int DEFAULT_MAX_VIDEOS = 10_000;
  /** Default limit of segments in one video, far above any model's limit. */
  public static final int DEFAULT_MAX_SEGMENTS = 1_000;
  /** Nesting allowed inside unknown fields and for the format itself. */
  static final int MAX_NESTING = 32;
  /** Longest string (a prompt), in characters. */
  static final int MAX_STRING = 1 << 20;

  private static final StoryboardReader DEFAULTS =
      new StoryboardReader(DEFAULT_MAX_BYTES, DEFAULT_MAX_VIDEOS, DEFAULT_MAX_SEGMENTS);

  private final long maxBytes;
  private final int maxVideos;
  private final int maxSegments;
  private final JsonFactory factory;
  private final ObjectMapper mapper;

  private StoryboardReader(long maxBytes, int maxVideos, int maxSegments) {
    this.maxBytes = maxBytes;
    this.maxVideos = maxVideos;
    this.maxSegments = maxSegments;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(1000)
                    .maxNameLength(10_000)
                    .maxDocumentLength(maxBytes)
                    .build())
            .build();
    this.mapper = JsonMapper.builder(factory).build();
  }

  /**
   * A reader with the default limits.
   *
   * @return the shared reader
   */
  public static StoryboardReader defaults() {
    return DEFAULTS;
  }

  /**
   * A reader with other limits.
   *
   * @param maxBytes largest file, in bytes
   * @param maxVideos most videos in one file
   * @param maxSegments most segments in one video
   * @return the reader
   */
  public static StoryboardReader withLimits(long maxBytes, int maxVideos, int maxSegments) {
    if (maxBytes < 1 || maxVideos < 1 || maxSegments < 1) {
      throw new InvalidInputException("storyboard limits must be >= 1, got " + maxBytes + ", "
          + maxVideos + ", " + maxSegments);
    }
    return new StoryboardReader(maxBytes, maxVideos, maxSegments);
  }

  /**
   * Whether a file name denotes the one-video-per-line format.
   *
   * @param fileName a file name
   * @return true for {@code .jsonl} and {@code .ndjson}
   */
  public static boolean isJsonLines(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    return f.endsWith(".jsonl") || f.endsWith(".ndjson");
  }

  /**
   * Reads a storyboard file; the format follows the extension.
   *
   * @param file a {@code .json} or {@code .jsonl} file
   * @return the storyboard
   * @throws StoryboardException if the file is malformed, empty or too large
   * @throws IOException if the file cannot be read ({@link java.nio.file.NoSuchFileException} when
   *     it does not exist)
   */
  public Storyboard read(Path file) throws IOException {
    String source = file.toString();
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new StoryboardException(source, -1, -1,
          "file is " + size + " bytes, more than the limit of " + maxBytes + " bytes");
    }
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = factory.createParser(in)) {
      return parse(p, source, isJsonLines(source));
    }
  }

  /**
   * Reads a storyboard in the {@code .json} format from text.
   *
   * @param json the text
   * @param source the name used in messages, or {@code null}
   * @return the storyboard
   * @throws StoryboardException if the text is malformed
   */
  public Storyboard readJson(String json, String source) {
    return readText(json, source, false);
  }

  /**
   * Reads a storyboard in the {@code .jsonl} format (one video array per line) from text.
   *
   * @param jsonLines the text
   * @param source the name used in messages, or {@code null}
   * @return the storyboard
   * @throws StoryboardException if the text is malformed
   */
  public Storyboard readJsonLines(String jsonLines, String source) {
    return readText(jsonLines, source, true);
  }

  private Storyboard readText(String text, String source, boolean lines) {
    try (JsonParser p = factory.createParser(text)) {
      return parse(p, source, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Storyboard parse(JsonParser p, String source, boolean lines) throws IOException {
    try {
      return new Parse(p, source).run(lines);
    } catch (StreamConstraintsException e) {
      throw fault(source, p.currentLocation(), "input exceeds a limit: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation() != null ? e.getLocation() : p.currentLocation();
      throw fault(source, loc, "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // Jackson names its (redacted) input source inside nested locations; the file name is ours.
    return line.replaceAll("\\[Source: [^;\\]]*; ", "[");
  }

  private static StoryboardException fault(
      String source, JsonLocation loc, String detail, Throwable cause) {
    int line = loc == null ? -1 : loc.getLineNr();
    int col = loc == null ? -1 : loc.getColumnNr();
    return new StoryboardException(source, line, col, detail, cause);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /** One pass over one input. */
  private final class Parse {
    private final JsonParser p;
    private final String source;
    private final List<VideoStory> videos = new ArrayList<>();
    private final List<SourcePosition> positions = new ArrayList<>();

    Parse(JsonParser p, String source) {
      this.p = p;
      this.source = source;
    }

    private StoryboardException error(String detail) {
      return fault(source, p.currentTokenLocation(), detail, null);
    }

    Storyboard run(boolean lines) throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new StoryboardException(source, -1, -1, lines
            ? "file is empty (expected one array of segment objects per line)"
            : "file is empty (expected an array of videos)");
      }
      if (lines) {
        int lastLine = 0;
        while (t != null) {
          int line = p.currentTokenLocation().getLineNr();
          if (line == lastLine) {
            throw error("video " + videos.size() + " starts on the line of the previous one;"
                + " the .jsonl format holds one video per line");
          }
          readVideo(t);
          lastLine = p.currentLocation().getLineNr();
          t = p.nextToken();
        }
      } else {
        if (t != JsonToken.START_ARRAY) {
          throw error("the top level must be an array of videos, got " + describe(t)
              + (t == JsonToken.START_OBJECT ? " (wrap it in [[ ]] for one video of one segment)"
                  : ""));
        }
        t = p.nextToken();
        while (t != JsonToken.END_ARRAY) {
          readVideo(t);
          t = p.nextToken();
        }
        JsonToken after = p.nextToken();
        if (after != null) {
          throw error("unexpected content (" + describe(after) + ") after the top-level array");
        }
      }
      if (videos.isEmpty()) {
        throw new StoryboardException(source, 1, 1, "the storyboard holds no videos");
      }
      return new Storyboard(source, videos, positions);
    }

    private void readVideo(JsonToken t) throws IOException {
      int v = videos.size();
      if (v >= maxVideos) {
        throw error("more than " + maxVideos + " videos in one storyboard");
      }
      if (t != JsonToken.START_ARRAY) {
        throw error("video " + v + " must be an array of segment objects, got " + describe(t));
      }
      JsonLocation start = p.currentTokenLocation();
      List<Segment> segments = new ArrayList<>();
      t = p.nextToken();
      while (t != JsonToken.END_ARRAY) {
        if (segments.size() >= maxSegments) {
          throw error("video " + v + " has more than " + maxSegments + " segments");
        }
        segments.add(readSegment(t, v, segments.size()));
        t = p.nextToken();
      }
      if (segments.isEmpty()) {
        throw fault(source, start,
            "video " + v + " is empty (a video needs at least one segment object)", null);
      }
      videos.add(toStory(segments));
      positions.add(new SourcePosition(start.getLineNr(), start.getColumnNr()));
    }

    private Segment readSegment(JsonToken t, int v, int s) throws IOException {
      String where = "video " + v + ", segment " + s + ": ";
      if (t != JsonToken.START_OBJECT) {
        throw error("video " + v + ", segment " + s + " must be an object with a \"text\","
            + " got " + describe(t));
      }
      JsonLocation start = p.currentTokenLocation();
      String text = null;
      String negative = null;
      boolean transition = false;
      Set<String> seen = new HashSet<>();
      Map<String, String> extra = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (!seen.add(name)) {
          throw error(where + "duplicate field \"" + name + "\"");
        }
        JsonToken value = p.nextToken();
        switch (name) {
          case TEXT -> {
            if (value != JsonToken.VALUE_STRING) {
              throw error(where + "\"text\" must be a string, got " + describe(value));
            }
            text = p.getText();
            if (text.isBlank()) {
              throw error(where + "\"text\" must not be empty or blank");
            }
          }
          case TRANSITION -> {
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
              throw error(where + "\"" + TRANSITION + "\" must be true or false, got "
                  + describe(value));
            }
            transition = value == JsonToken.VALUE_TRUE;
          }
          case NEG_TEXT -> {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
              throw error(where + "\"neg_text\" must be a string or null, got "
                  + describe(value));
            }
            negative = value == JsonToken.VALUE_NULL ? null : p.getText();
          }
          default -> {
            JsonLocation at = p.currentTokenLocation();
            JsonNode node = mapper.readTree(p);
            LOG.warn("{}:{}:{}: {}unknown field \"{}\" kept as is", source, at.getLineNr(),
                at.getColumnNr(), where, name);
            extra.put(name, mapper.writeValueAsString(node));
          }
        }
      }
      if (text == null) {
        throw fault(source, start, where + "missing required field \"text\"", null);
      }
      if (s == 0 && transition) {
        LOG.warn("{}:{}:{}: {}the first segment cannot start a scene transition; flag ignored",
            source, start.getLineNr(), start.getColumnNr(), where);
        transition = false;
      }
      return new Segment(text, negative, transition, 0, extra);
    }
  }

  /** Splits segments into scenes at every segment that requires a transition. */
  static VideoStory toStory(List<Segment> segments) {
    List<Scene> scenes = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= segments.size(); i++) {
      if (i == segments.size() || segments.get(i).requiresSceneTransition()) {
        scenes.add(Scene.fromSegments(segments.subList(from, i)));
        from = i;
      }
    }
    return VideoStory.builder().scenes(scenes).build();
  }
}
