package io.github.tttvideo.toon.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.CharacterTruth;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.Accessory;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the palette probe against the renderer's ground truth on every other frame (and every
 * segment's last frame) of 200 random stories and logs the accuracy of each reading.
 */
class PaletteProbeAccuracyTest {
  private static final Logger LOG = LoggerFactory.getLogger(PaletteProbeAccuracyTest.class);
  private static final int STORIES = 200;

  /** Right/total counters for one reading. */
  private static final class Tally {
    long right;
    long total;

    void add(boolean ok) {
      total++;
      if (ok) {
        right++;
      }
    }

    double share() {
      return total == 0 ? 1 : right / (double) total;
    }
  }

  @Test
  void probesReadRenderedFramesAsTheirGroundTruth() {
    Tally room = new Tally();
    Tally presence = new Tally();
    Tally fur = new Tally();
    Tally accessories = new Tally();
    Tally accessoriesAllVisible = new Tally();
    Tally position = new Tally();
    double maxError = 0;
    double sumError = 0;
    double minPaletteShare = 1;
    StoryGenerator generator = new StoryGenerator();
    ToonRenderer renderer = new ToonRenderer();
    PaletteProbe probe = new PaletteProbe();
    for (long seed = 0; seed < STORIES; seed++) {
      RenderedStory video = renderer.render(generator.generate(1000 + seed));
      for (int i = 0; i < video.frames().size(); i++) {
        GroundTruth t = video.truths().get(i);
        if (t.frame() % 2 == 1 && t.frame() != 47) {
          continue;
        }
        ProbeReading r = probe.read(video.frames().get(i));
        room.add(r.room() == t.room());
        presence.add(r.tom().present() == t.tom().visible());
        presence.add(r.jerry().present() == t.jerry().visible());
        minPaletteShare = Math.min(minPaletteShare, r.paletteShare());
        if (t.tom().visible()) {
          fur.add(r.tomFur() == t.tomFur());
          boolean ok = r.sunglasses() == t.tom().accessories().contains(Accessory.SUNGLASSES)
              && r.floured() == t.tom().accessories().contains(Accessory.FLOUR);
          accessoriesAllVisible.add(ok);
          if (t.tom().box().insideFrame()) {
            accessories.add(ok);
          }
        }
        if (t.jerry().visible()) {
          boolean ok = r.chefsHat() == t.jerry().accessories().contains(Accessory.CHEFS_HAT);
          accessoriesAllVisible.add(ok);
          if (t.jerry().box().insideFrame()) {
            accessories.add(ok);
          }
        }
        for (var pair : new Object[][] {{t.tom(), r.tom()}, {t.jerry(), r.jerry()}}) {
          CharacterTruth ct = (CharacterTruth) pair[0];
          CharacterReading cr = (CharacterReading) pair[1];
          if (ct.visible() && ct.box().insideFrame()) {
            double err = cr.present()
                ? Math.hypot(cr.centreX() - ct.centreX(), cr.centreY() - ct.centreY())
                : Double.POSITIVE_INFINITY;
            position.add(err <= 2.0);
            maxError = Math.max(maxError, err);
            sumError += Math.min(err, 64);
          }
        }
      }
    }
    LOG.info(String.format(Locale.ROOT,
        "probe accuracy over %d frames of %d stories: room %.4f, presence %.4f (%d reads),"
            + " fur %.4f (%d), accessories %.4f (%d fully in frame; %.4f over all %d visible),"
            + " position within 2 px %.4f (%d), mean error %.3f px, max %.2f px,"
            + " min palette share %.4f",
        room.total, STORIES, room.share(), presence.share(), presence.total, fur.share(),
        fur.total, accessories.share(), accessories.total, accessoriesAllVisible.share(),
        accessoriesAllVisible.total, position.share(), position.total,
        sumError / position.total, maxError, minPaletteShare));
    assertTrue(room.share() >= 0.99, "room " + room.share());
    assertTrue(presence.share() >= 0.99, "presence " + presence.share());
    assertTrue(fur.share() >= 0.99, "fur " + fur.share());
    assertTrue(accessories.share() >= 0.99, "accessories " + accessories.share());
    assertTrue(accessoriesAllVisible.share() >= 0.99,
        "accessories, partly visible included " + accessoriesAllVisible.share());
    assertTrue(position.share() >= 0.99, "position " + position.share());
    assertTrue(minPaletteShare >= 0.999, "palette share " + minPaletteShare);
  }
}
