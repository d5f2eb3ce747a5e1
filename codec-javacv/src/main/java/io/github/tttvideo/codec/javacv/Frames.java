package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.VideoFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.HashMap;
import java.util.Map;

/** Conversions between {@link VideoFrame} and AWT images. */
final class Frames {
  private Frames() {}

  /** A frame as a 3-byte BGR image (ImageIO's fastest RGB type). */
  static BufferedImage toImage(VideoFrame f) {
    BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] src = f.rgb();
    for (int i = 0; i < src.length; i += 3) {
      dst[i] = src[i + 2];
      dst[i + 1] = src[i + 1];
      dst[i + 2] = src[i];
    }
    return img;
  }

  /**
   * A frame as an indexed image with an exact palette when it has at most 256 colours (the toon
   * world has a few dozen); null otherwise, so the caller can let ImageIO quantise.
   */
  static BufferedImage toExactIndexed(VideoFrame f) {
    byte[] src = f.rgb();
    int n = f.width() * f.height();
    Map<Integer, Integer> index = new HashMap<>();
    byte[] pixels = new byte[n];
    for (int p = 0; p < n; p++) {
      int c = (src[3 * p] & 0xFF) << 16 | (src[3 * p + 1] & 0xFF) << 8 | (src[3 * p + 2] & 0xFF);
      Integer i = index.get(c);
      if (i == null) {
        if (index.size() == 256) {
          return null;
        }
        i = index.size();
        index.put(c, i);
      }
      pixels[p] = (byte) (int) i;
    }
    // A full 256-entry table: GIF colour tables have power-of-two sizes, and a short table makes
    // the JDK encoder write a palette that does not match the indices.
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    index.forEach(
        (c, i) -> {
          r[i] = (byte) (c >> 16);
          g[i] = (byte) (c >> 8);
          b[i] = (byte) (int) c;
        });
    IndexColorModel cm = new IndexColorModel(8, 256, r, g, b);
    BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_INDEXED, cm);
    img.getRaster().setDataElements(0, 0, f.width(), f.height(), pixels);
    return img;
  }

  /** Any image back to an RGB frame. */
  static VideoFrame fromImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int c = row[x];
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (c >> 16);
        rgb[i + 1] = (byte) (c >> 8);
        rgb[i + 2] = (byte) c;
      }
    }
    return new VideoFrame(w, h, rgb);
  }
}
