package io.github.tttvideo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.api.Models;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.layout.SegmentSpan;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.story.Storyboard;
import io.github.tttvideo.core.story.StoryboardReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ttt-video plan STORY.json [--model NAME|DIR]}: prints, per video of a storyboard, the
 * sequence layout the model would use (frames, tokens per segment), without computing anything.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the sequence layout of each video of a storyboard (.json or .jsonl) as JSON:",
      "frames, duration, tokens and per-segment text tokens, latent frames and video tokens."
    })
final class PlanCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Parameters(index = "0", arity = "0..1", paramLabel = "STORY",
      description = "Storyboard file (.json or .jsonl); none: the bundled one-minute story.")
  Path story;

  @Option(
      names = "--model",
      paramLabel = "NAME|DIR",
      defaultValue = "toon",
      description = "Model preset (toon, 5B, debug), toon baseline (toon-local, toon-sliding,"
          + " toon-ttt-linear, toon-ttt-mlp, toon-full) or a model directory with config.json"
          + " (default: ${DEFAULT-VALUE}).")
  String model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelConfig config = config(model);
    Storyboard board = (story == null ? DefaultStory.storyboard()
        : StoryboardReader.defaults().read(story)).requireFits(config);
    ArrayNode out = JSON.createArrayNode();
    List<VideoStory> videos = board.videos();
    for (VideoStory video : videos) {
      out.add(plan(video, config));
    }
    spec.commandLine().getOut().println(JSON.writeValueAsString(out));
    return TttVideoCli.EXIT_OK;
  }

  /**
   * The config of {@code --model}: a directory's, the shipped config of an embedded model (it may
   * differ from the preset of the same name), else the preset.
   */
  static ModelConfig config(String model) {
    if (ModelConfig.isPreset(model) && !Files.isDirectory(Path.of(model))) {
      try {
        return ModelConfigReader.fromDirectory(
            ModelDirectories.resolve(ModelReference.ofName(model)));
      } catch (ModelLoadException notShipped) {
        return ModelConfig.preset(model);
      }
    }
    if (Models.isToonBaseline(model) && !Files.isDirectory(Path.of(model))) {
      return ModelConfigReader.fromDirectory(ModelDirectories.resolve(
          ModelReference.ofName(model.strip().toLowerCase(java.util.Locale.ROOT))));
    }
    return ModelConfigReader.resolve(model);
  }

  static ObjectNode plan(VideoStory video, ModelConfig config) {
    SequenceLayout layout = SequenceLayout.of(video, config);
    ObjectNode o = JSON.createObjectNode();
    o.put("fps", config.fps());
    o.put("latentFrames", layout.latentFrames());
    o.put("frames", layout.pixelFrames());
    o.put("durationSeconds", layout.durationSeconds());
    o.put("totalTokens", layout.totalTokens());
    ArrayNode segs = o.putArray("segments");
    List<Segment> segments = video.segments();
    for (SegmentSpan s : layout.segmentSpans()) {
      ObjectNode so = segs.addObject();
      so.put("index", s.index());
      so.put("scene", segments.get(s.index()).sceneIndex());
      so.put("textTokens", s.textTokens());
      so.put("latentFrames", s.latentFrames());
      so.put("videoTokens", s.videoTokens());
      so.put("sceneTransition", segments.get(s.index()).requiresSceneTransition());
    }
    o.put("model", config.name());
    o.put("textTokensPerSegment", layout.textTokensPerSegment());
    o.put("tokensPerFrame", layout.tokensPerFrame());
    o.put("miniBatch", config.miniBatch());
    o.put("width", config.pixelWidth());
    o.put("height", config.pixelHeight());
    return o;
  }
}
