package io.github.tttvideo.train.toon;

import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.ToonFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of rendered 64 x 64 PNG frames with {@link PaletteProbe} and prints the mean
 * palette share, how often each room and each fur colour is read, the share of frames with the
 * expected room and fur, and how often Tom and Jerry are found.
 *
 * <pre>
 * java ... io.github.tttvideo.train.toon.ProbeFramesMain FRAMES_DIR [expectedRoom] [expectedFur]
 * </pre>
 *
 * @since 0.1.0
 */
public final class ProbeFramesMain {
  private ProbeFramesMain() {}

  /**
   * Entry point.
   *
   * @param args the folder, optionally the expected room and fur (enum names, e.g. KITCHEN ORANGE)
   * @throws IOException if a frame cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String room = args.length > 1 ? args[1] : null;
    String fur = args.length > 2 ? args[2] : null;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    PaletteProbe probe = new PaletteProbe();
    Map<String, Integer> rooms = new TreeMap<>();
    Map<String, Integer> furs = new TreeMap<>();
    double share = 0;
    int tom = 0;
    int jerry = 0;
    int roomOk = 0;
    int furOk = 0;
    for (Path f : files) {
      BufferedImage img = ImageIO.read(f.toFile());
      int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
      ProbeReading r = probe.read(ToonFrame.ofArgb(argb));
      share += r.paletteShare();
      String rn = String.valueOf(r.room());
      rooms.merge(rn, 1, Integer::sum);
      if (rn.equals(room)) {
        roomOk++;
      }
      if (r.tom().present()) {
        tom++;
        String fn = String.valueOf(r.tomFur());
        furs.merge(fn, 1, Integer::sum);
        if (fn.equals(fur)) {
          furOk++;
        }
      }
      if (r.jerry().present()) {
        jerry++;
      }
    }
    int n = files.size();
    System.out.printf(Locale.ROOT, "frames %d%npalette share %.3f%nrooms %s%n", n, share / n,
        rooms);
    System.out.printf(Locale.ROOT, "Tom found %.3f, fur %s%nJerry found %.3f%n", tom / (double) n,
        furs, jerry / (double) n);
    if (room != null) {
      System.out.printf(Locale.ROOT, "room = %s: %.3f of frames%n", room, roomOk / (double) n);
    }
    if (fur != null) {
      System.out.printf(Locale.ROOT, "fur = %s: %.3f of frames (%.3f of frames with Tom)%n", fur,
          furOk / (double) n, tom == 0 ? 0 : furOk / (double) tom);
    }
  }
}
