package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.Appearance;
import io.github.tttvideo.toon.world.CharacterTruth;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a story of the toon world procedurally: 48 frames of 64 x 64 pixels per segment, with
 * the ground truth of every frame. Deterministic: the same story always gives the same frames.
 *
 * <pre>{@code
 * RenderedStory video = new ToonRenderer().render(new StoryGenerator().generate(42));
 * PngExport.writeContactSheet(video, Path.of("story.png"));
 * }</pre>
 *
 * <p>Each scene starts with Tom at column 40 and Jerry at column 20; within a scene, each segment
 * starts where the previous one ended. A segment's event takes effect at frame {@value
 * #EVENT_FRAME}.
 *
 * @since 0.1.0
 */
public final class ToonRenderer {
  /** The frame of a segment from which its event is visible. */
  public static final int EVENT_FRAME = 24;

  private static final Logger LOG = LoggerFactory.getLogger(ToonRenderer.class);

  /**
   * Renders every segment of a story.
   *
   * @param story the story
   * @return the frames and their ground truth
   */
  public RenderedStory render(ToonStory story) {
    List<ToonFrame> frames = new ArrayList<>(story.frameCount());
    List<GroundTruth> truths = new ArrayList<>(story.frameCount());
    Raster raster = new Raster();
    Stage stage = Stage.SCENE_START;
    for (int i = 0; i < story.size(); i++) {
      ToonSegment seg = story.segment(i);
      if (seg.newScene()) {
        stage = Stage.SCENE_START;
      }
      Choreography.Plan plan = Choreography.plan(seg.action(), stage);
      for (int f = 0; f < ToonWorld.FRAMES_PER_SEGMENT; f++) {
        Appearance look = f < EVENT_FRAME ? story.appearanceAtStart(i) : story.appearanceAtEnd(i);
        Pose pose = plan.poses().get(f);
        FurColour fur = look.floured() ? FurColour.FLOUR_WHITE : story.fur();
        raster.background(seg.room());
        if (pose.holeShown()) {
          SpritePainter.hole(raster);
        }
        CharacterTruth tom = SpritePainter.tom(raster, pose, fur, look);
        CharacterTruth jerry = SpritePainter.jerry(raster, pose, look);
        frames.add(raster.toFrame());
        truths.add(
            new GroundTruth(i, f, seg.room(), seg.action(), fur, pose.eyesClosed(), tom, jerry));
      }
      stage = plan.end();
    }
    LOG.debug("rendered {} segments, {} frames", story.size(), frames.size());
    return new RenderedStory(story, frames, truths);
  }
}
