package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Arrays;

/**
 * What a TTT layer needs to know about the sequence it runs over, independent of how the sequence
 * was laid out (the layout code in {@code io.github.tttvideo.core.layout} produces it).
 *
 * <p>Token indices are in <b>text-first</b> order: {@code textTokens} text tokens (the text of all
 * segments, {@code textPerSegment} each, in segment order), then the video tokens in (frame, row,
 * column) order.
 *
 * @param length total tokens L = textTokens + videoTokens
 * @param segments number of 3-second segments n (text chunks)
 * @param textPerSegment text tokens per segment Tt (textTokens = segments * textPerSegment)
 * @param scanOrder for scan position q, the text-first index of the token scanned there
 *     (interleaved order: text_0, video_0, text_1, video_1, ...); {@code null} means identity
 * @param ropeT global latent-frame index of each video token (length = videoTokens)
 * @param ropeY row of each video token in the patch grid
 * @param ropeX column of each video token in the patch grid
 * @param gridH rows of the patch grid (for the mirrored positions of the reversed pass)
 * @param gridW columns of the patch grid
 * @param frames latent frames Nf
 * @since 0.1.0
 */
public record TttSequence(
    int length,
    int segments,
    int textPerSegment,
    int[] scanOrder,
    int[] ropeT,
    int[] ropeY,
    int[] ropeX,
    int gridH,
    int gridW,
    int frames) {

  /** Validates the invariants between the fields. */
  public TttSequence {
    if (segments < 1) {
      throw new InvalidInputException("segments must be >= 1, got " + segments);
    }
    if (textPerSegment < 0) {
      throw new InvalidInputException("textPerSegment must be >= 0, got " + textPerSegment);
    }
    int video = length - segments * textPerSegment;
    if (video < 0) {
      throw new InvalidInputException(
          "length " + length + " is smaller than the text tokens " + segments * textPerSegment);
    }
    if (ropeT.length != video || ropeY.length != video || ropeX.length != video) {
      throw new InvalidInputException(
          "RoPE positions must have one entry per video token ("
              + video
              + "), got "
              + ropeT.length
              + "/"
              + ropeY.length
              + "/"
              + ropeX.length);
    }
    if (scanOrder != null && scanOrder.length != length) {
      throw new InvalidInputException(
          "scanOrder must have length " + length + ", got " + scanOrder.length);
    }
  }

  /**
   * Text tokens of all segments.
   *
   * @return segments * textPerSegment
   */
  public int textTokens() {
    return segments * textPerSegment;
  }

  /**
   * Video tokens.
   *
   * @return length - textTokens
   */
  public int videoTokens() {
    return length - textTokens();
  }

  /**
   * A single-segment sequence (no interleaving) of text tokens followed by a grid of video tokens
   * in (t, y, x) order.
   *
   * @param textTokens text tokens
   * @param frames latent frames
   * @param gridH rows per frame
   * @param gridW columns per frame
   * @return the sequence description
   */
  public static TttSequence singleSegment(int textTokens, int frames, int gridH, int gridW) {
    int video = frames * gridH * gridW;
    int[] t = new int[video];
    int[] y = new int[video];
    int[] x = new int[video];
    for (int p = 0; p < video; p++) {
      t[p] = p / (gridH * gridW);
      y[p] = (p % (gridH * gridW)) / gridW;
      x[p] = p % gridW;
    }
    return new TttSequence(textTokens + video, 1, textTokens, null, t, y, x, gridH, gridW, frames);
  }

  /**
   * A simplified multi-segment sequence for demos and tests: every segment owns the same number
   * of frames (the real layout, {@code SequenceLayout}, gives the first segment one more), text-first
   * token order, scan order text_0, video_0, text_1, video_1, ...
   *
   * @param segments n
   * @param textPerSegment text tokens per segment
   * @param framesPerSegment latent frames per segment
   * @param gridH rows per frame
   * @param gridW columns per frame
   * @return the sequence description (no scan order when n = 1)
   */
  public static TttSequence uniformSegments(
      int segments, int textPerSegment, int framesPerSegment, int gridH, int gridW) {
    int perFrame = gridH * gridW;
    int frames = segments * framesPerSegment;
    int video = frames * perFrame;
    int len = segments * textPerSegment + video;
    int[] t = new int[video];
    int[] y = new int[video];
    int[] x = new int[video];
    for (int p = 0; p < video; p++) {
      t[p] = p / perFrame;
      y[p] = (p % perFrame) / gridW;
      x[p] = p % gridW;
    }
    int[] order = new int[len];
    int q = 0;
    for (int s = 0; s < segments; s++) {
      for (int i = 0; i < textPerSegment; i++) {
        order[q++] = s * textPerSegment + i;
      }
      for (int v = 0; v < framesPerSegment * perFrame; v++) {
        order[q++] = segments * textPerSegment + s * framesPerSegment * perFrame + v;
      }
    }
    return new TttSequence(
        len, segments, textPerSegment, segments > 1 ? order : null, t, y, x, gridH, gridW, frames);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TttSequence s
        && length == s.length
        && segments == s.segments
        && textPerSegment == s.textPerSegment
        && gridH == s.gridH
        && gridW == s.gridW
        && frames == s.frames
        && Arrays.equals(scanOrder, s.scanOrder)
        && Arrays.equals(ropeT, s.ropeT)
        && Arrays.equals(ropeY, s.ropeY)
        && Arrays.equals(ropeX, s.ropeX);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(scanOrder) + Arrays.hashCode(ropeT) + length;
  }

  @Override
  public String toString() {
    return "TttSequence[length=" + length + ", segments=" + segments
        + ", textPerSegment=" + textPerSegment + ", frames=" + frames
        + ", grid=" + gridH + "x" + gridW + ", interleaved=" + (scanOrder != null) + "]";
  }
}
