package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Bad arguments fail with an InvalidInputException that names the problem. */
class BadInputTest {

  private final TttConfig cfg = TttConfig.video(TttVariant.LINEAR, 2, 16).withMiniBatch(8);
  private final VideoTttLayer layer =
      new VideoTttLayer(VideoTttParams.init(cfg, 1), new JavaTttKernel(1));

  @Test
  void sequenceLengthNotAMultipleOfTheMiniBatchIsRejected() {
    TttSequence seq = TttSequence.singleSegment(2, 1, 2, 2); // L = 6, K = 8
    var e = assertThrows(InvalidInputException.class,
        () -> layer.forward(new float[6 * cfg.width()], 1, seq));
    assertTrue(e.getMessage().contains("not a multiple of the mini-batch size 8"),
        e.getMessage());
  }

  @Test
  void nanInTheInputIsRejected() {
    TttSequence seq = TttSequence.singleSegment(4, 1, 2, 2);
    float[] x = new float[seq.length() * cfg.width()];
    x[37] = Float.NaN;
    var e = assertThrows(InvalidInputException.class, () -> layer.forward(x, 1, seq));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("token 1"),
        e.getMessage());
  }

  @Test
  void mismatchedHeadDimIsRejected() {
    TttScanInput in = ScanPropertiesTest.randomInput(new java.util.Random(1), 1, 2, 1, 8, 8, true,
        0.1);
    var e = assertThrows(InvalidInputException.class,
        () -> new JavaTttKernel(1).scan(cfg, in, VideoTttParams.init(cfg, 1).inner(),
            new float[8 * 2 * 8], null));
    assertTrue(e.getMessage().contains("head dim mismatch"), e.getMessage());
  }

  @Test
  void wrongInputWidthIsRejected() {
    TttSequence seq = TttSequence.singleSegment(4, 1, 2, 2);
    var e = assertThrows(InvalidInputException.class,
        () -> layer.forward(new float[seq.length() * 16], 1, seq));
    assertTrue(e.getMessage().contains("[B, L, D]"), e.getMessage());
  }

  @Test
  void videoRopeNeedsAHeadDimMultipleOf16() {
    TttConfig bad = TttConfig.video(TttVariant.LINEAR, 2, 8).withMiniBatch(8);
    VideoTttLayer l = new VideoTttLayer(VideoTttParams.init(bad, 1), new JavaTttKernel(1));
    TttSequence seq = TttSequence.singleSegment(4, 1, 2, 2);
    var e = assertThrows(InvalidInputException.class,
        () -> l.forward(new float[seq.length() * 16], 1, seq));
    assertTrue(e.getMessage().contains("multiple of 16"), e.getMessage());
  }

  @Test
  void configValidationNamesTheField() {
    var e = assertThrows(InvalidInputException.class,
        () -> TttConfig.video(TttVariant.MLP, 2, 16).withMiniBatch(0));
    assertTrue(e.getMessage().contains("miniBatch") && e.getMessage().contains("0"),
        e.getMessage());
    var e2 = assertThrows(InvalidInputException.class,
        () -> TttConfig.video(TttVariant.MLP, 2, 16).withInnerLnEps(-1));
    assertTrue(e2.getMessage().contains("innerLnEps"), e2.getMessage());
  }

  @Test
  void wrongParameterShapeIsNamed() {
    VideoTttParams p = VideoTttParams.init(cfg, 1);
    var e = assertThrows(InvalidInputException.class,
        () -> new VideoTttParams(cfg, new float[3], p.bq(), p.wk(), p.bk(), p.wv(), p.bv(),
            p.wo(), p.bo(), p.lrWeight(), p.lrBias(), p.lnWeight(), p.lnBias(),
            p.postNormWeight(), p.postNormBias(), p.inner()));
    assertTrue(e.getMessage().startsWith("wq"), e.getMessage());
  }
}
