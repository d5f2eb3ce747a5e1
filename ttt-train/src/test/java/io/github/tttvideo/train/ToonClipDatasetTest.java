package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.core.story.SceneMarkers;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToonClipDatasetTest {

  @Test
  void clipHasOnePlusFortyEightNFramesInMinusOneToOne() {
    ToonClip c = new ToonClipDataset(ToonClipDataset.Split.TRAIN).clip(2, 5);
    assertEquals(97, c.frames());
    assertEquals(97 * 3 * 64 * 64, c.pixels().length);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : c.pixels()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= -1f && max <= 1f, min + " .. " + max);
    assertTrue(max - min > 1f, "clip has contrast");
    // frame 0 repeats frame 1 (the first rendered frame)
    int frame = 3 * 64 * 64;
    for (int i = 0; i < frame; i++) {
      assertEquals(c.pixels()[i], c.pixels()[frame + i]);
    }
    assertEquals(2, c.texts().size());
  }

  @Test
  void batchesAreDeterministicAndShaped() {
    ToonClipDataset d = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    try (NDManager m = NDManager.newBaseManager()) {
      ClipBatch a = d.batch(m, 1, 10, 2);
      ClipBatch b = d.batch(m, 1, 10, 2);
      assertEquals(new Shape(2, 49, 3, 64, 64), a.video().getShape());
      assertArrayEquals(a.video().toFloatArray(), b.video().toFloatArray());
      assertEquals(a.texts(), b.texts());
      assertArrayEquals(new long[] {10, 11}, a.seeds());
      assertEquals(12, a.nextCursor());
    }
  }

  @Test
  void trainAndEvalSeedsNeverOverlap() {
    ToonClipDataset train = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    ToonClipDataset eval = new ToonClipDataset(ToonClipDataset.Split.EVAL);
    assertEquals(ToonClipDataset.EVAL_SEED_START, eval.seedOf(0));
    assertEquals(ToonClipDataset.EVAL_SEED_START - 1, train.seedOf(ToonClipDataset.EVAL_SEED_START - 1));
    assertThrows(IllegalArgumentException.class,
        () -> train.seedOf(ToonClipDataset.EVAL_SEED_START));
  }

  @Test
  void sceneTransitionsAddMarkersOnBothSides() {
    StoryGenerator g = new StoryGenerator();
    for (long seed = 0; seed < 200; seed++) {
      ToonStory s = g.generate(seed, 6);
      List<String> texts = ToonClipDataset.texts(s);
      for (int i = 1; i < 6; i++) {
        if (s.segment(i).newScene()) {
          assertTrue(texts.get(i - 1).endsWith(SceneMarkers.END), texts.get(i - 1));
          assertEquals(SceneMarkers.START + s.text(i),
              texts.get(i).replace(SceneMarkers.END, ""));
          return;
        }
      }
    }
    throw new AssertionError("no story with a scene transition in 200 seeds");
  }
}
