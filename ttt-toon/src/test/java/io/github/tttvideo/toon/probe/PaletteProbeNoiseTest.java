package io.github.tttvideo.toon.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.Accessory;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.ToonFrame;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the palette probe on rendered frames with uniform noise of up to {@value #NOISE} per
 * channel added, a stand-in for a model's imperfect pixels.
 */
class PaletteProbeNoiseTest {
  private static final Logger LOG = LoggerFactory.getLogger(PaletteProbeNoiseTest.class);
  private static final int NOISE = 12;
  private static final int STORIES = 30;

  @Test
  void probesTolerateSmallPixelNoise() {
    SplittableRandom rnd = new SplittableRandom(77);
    PaletteProbe probe = new PaletteProbe();
    long frames = 0;
    long room = 0;
    long presence = 0;
    long fur = 0;
    long furN = 0;
    long acc = 0;
    long accN = 0;
    long pos = 0;
    long posN = 0;
    double minShare = 1;
    for (long seed = 0; seed < STORIES; seed++) {
      RenderedStory video = new ToonRenderer().render(new StoryGenerator().generate(9000 + seed));
      for (int i = 0; i < video.frames().size(); i += 4) {
        GroundTruth t = video.truths().get(i);
        ProbeReading r = probe.read(noisy(video.frames().get(i), rnd));
        frames++;
        room += r.room() == t.room() ? 1 : 0;
        presence += r.tom().present() == t.tom().visible()
            && r.jerry().present() == t.jerry().visible() ? 1 : 0;
        minShare = Math.min(minShare, r.paletteShare());
        if (t.tom().visible() && t.tom().box().insideFrame()) {
          furN++;
          fur += r.tomFur() == t.tomFur() ? 1 : 0;
          accN++;
          acc += r.sunglasses() == t.tom().accessories().contains(Accessory.SUNGLASSES) ? 1 : 0;
          posN++;
          pos += r.tom().present() && Math.hypot(r.tom().centreX() - t.tom().centreX(),
              r.tom().centreY() - t.tom().centreY()) <= 2 ? 1 : 0;
        }
        if (t.jerry().visible() && t.jerry().box().insideFrame()) {
          accN++;
          acc += r.chefsHat() == t.jerry().accessories().contains(Accessory.CHEFS_HAT) ? 1 : 0;
          posN++;
          pos += r.jerry().present() && Math.hypot(r.jerry().centreX() - t.jerry().centreX(),
              r.jerry().centreY() - t.jerry().centreY()) <= 2 ? 1 : 0;
        }
      }
    }
    double roomShare = room / (double) frames;
    double presenceShare = presence / (double) frames;
    double furShare = fur / (double) furN;
    double accShare = acc / (double) accN;
    double posShare = pos / (double) posN;
    LOG.info(String.format(Locale.ROOT,
        "probe accuracy with +-%d noise over %d frames: room %.4f, presence %.4f, fur %.4f,"
            + " accessories %.4f, position within 2 px %.4f, min palette share %.4f",
        NOISE, frames, roomShare, presenceShare, furShare, accShare, posShare, minShare));
    assertTrue(roomShare >= 0.99 && presenceShare >= 0.99 && furShare >= 0.99);
    assertTrue(accShare >= 0.99 && posShare >= 0.99);
    assertTrue(minShare >= 0.99);
  }

  private static ToonFrame noisy(ToonFrame frame, SplittableRandom rnd) {
    byte[] rgb = frame.rgbBytes();
    for (int i = 0; i < rgb.length; i++) {
      int v = (rgb[i] & 0xFF) + rnd.nextInt(2 * NOISE + 1) - NOISE;
      rgb[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return ToonFrame.ofRgbBytes(rgb);
  }
}
