package io.github.tttvideo.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The JSON object stored with a rendered video (in the file where the format allows, and beside
 * it): title, segments, seed, steps, guidance, sampler, model, backend, options and the ttt-video
 * version. Deterministic: no time stamps, so equal renders give equal metadata.
 *
 * @since 0.1.0
 */
public final class RenderMetadata {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String VERSION = readVersion();

  private RenderMetadata() {}

  /**
   * The metadata of a render.
   *
   * @param latents what was sampled (story, options, sampler, backend)
   * @return a JSON object, one line
   */
  public static String of(Latents latents) {
    VideoStory story = latents.story();
    RenderOptions o = story.options();
    ObjectNode root = JSON.createObjectNode();
    root.put("title", story.title().orElse(""));
    ArrayNode segs = root.putArray("segments");
    for (Segment s : story.segments()) {
      ObjectNode so = segs.addObject();
      so.put("text", s.text());
      if (s.negativeText() != null) {
        so.put("neg_text", s.negativeText());
      }
      so.put("requires_scene_transition", s.requiresSceneTransition());
      so.put("scene", s.sceneIndex());
    }
    root.put("seed", o.seed());
    root.put("steps", o.steps());
    ObjectNode g = root.putObject("guidance");
    g.put("schedule", o.guidance().name());
    g.put("scale", o.guidanceScale());
    root.put("sampler", latents.sampler().id());
    root.put("model", story.model().toString());
    root.put("backend", latents.backend());
    ObjectNode opts = root.putObject("options");
    opts.put("fps", o.fps());
    opts.put("width", o.width());
    opts.put("height", o.height());
    opts.put("format", o.format().extension());
    opts.put("device", o.device().orElse(""));
    opts.put("threads", o.threads());
    root.put("latentFrames", latents.latentFrames());
    root.put("ttt-video", VERSION);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write render metadata", e);
    }
  }

  /**
   * The version of ttt-core, as built.
   *
   * @return the version, or {@code unknown}
   */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in =
        RenderMetadata.class.getResourceAsStream("/io/github/tttvideo/core/ttt-core-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
