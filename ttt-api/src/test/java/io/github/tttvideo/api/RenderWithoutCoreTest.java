package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RenderWithoutCoreTest {

  @Test
  void renderingWithoutCoreNamesTheArtifactsToAdd() {
    VideoStory story = VideoStory.builder().scene(Scene.of("Tom sleeps.")).build();
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> story.render(Path.of("out.mp4")));
    assertTrue(e.getMessage().contains("io.github.tttvideo:ttt-core"), e.getMessage());
    assertTrue(e.getMessage().contains("io.github.tttvideo:codec-javacv"), e.getMessage());
  }

  @Test
  void controlCancelsAndInterruptsAreSeen() {
    RenderControl c = new RenderControl();
    c.checkpoint("step 1 of 2");
    c.cancel();
    assertTrue(c.isCancelled());
    RenderCancelledException e =
        assertThrows(RenderCancelledException.class, () -> c.checkpoint("step 2 of 2"));
    assertEquals("render cancelled before step 2 of 2", e.getMessage());
    RenderControl other = new RenderControl();
    Thread.currentThread().interrupt();
    try {
      assertThrows(RenderCancelledException.class, () -> other.checkpoint("x"));
      assertFalse(other.isCancelled());
    } finally {
      Thread.interrupted();
    }
  }
}
