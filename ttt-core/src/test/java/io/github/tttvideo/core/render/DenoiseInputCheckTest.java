package io.github.tttvideo.core.render;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.spi.DenoiseInput;
import org.junit.jupiter.api.Test;

class DenoiseInputCheckTest {

  private final ModelConfig toon = ModelConfig.preset("toon");
  private final SequenceLayout two = SequenceLayout.of(2, toon);

  private DenoiseInput input(int frames, int tt, int latentValues, int textValues) {
    return new DenoiseInput(new float[latentValues], frames, new float[textValues], 2, tt, 500);
  }

  private int perFrame() {
    return toon.latentChannels() * toon.latentHeight() * toon.latentWidth();
  }

  @Test
  void acceptsTheLayoutsSizes() {
    int nf = two.latentFrames();
    int tt = two.textTokensPerSegment();
    assertDoesNotThrow(() -> DenoiseInputCheck.check(
        input(nf, tt, nf * perFrame(), two.textTokens() * toon.textDim()), toon, two));
  }

  @Test
  void namesWhatDoesNotMatch() {
    int nf = two.latentFrames();
    int tt = two.textTokensPerSegment();
    int text = two.textTokens() * toon.textDim();
    String m1 = assertThrows(InvalidInputException.class, () -> DenoiseInputCheck.check(
        input(nf - 1, tt, (nf - 1) * perFrame(), text), toon, two)).getMessage();
    assertTrue(m1.contains("latent frames"), m1);
    String m2 = assertThrows(InvalidInputException.class, () -> DenoiseInputCheck.check(
        input(nf, tt, nf * perFrame() * 2, text), toon, two)).getMessage();
    assertTrue(m2.startsWith("latents must be"), m2);
    String m3 = assertThrows(InvalidInputException.class, () -> DenoiseInputCheck.check(
        input(nf, tt, nf * perFrame(), text * 2), toon, two)).getMessage();
    assertTrue(m3.startsWith("text must be"), m3);
    DenoiseInput nan = input(nf, tt, nf * perFrame(), text);
    nan.latents()[7] = Float.NaN;
    String m4 = assertThrows(InvalidInputException.class,
        () -> DenoiseInputCheck.check(nan, toon, two)).getMessage();
    assertTrue(m4.contains("latents[7] is NaN"), m4);
  }
}
