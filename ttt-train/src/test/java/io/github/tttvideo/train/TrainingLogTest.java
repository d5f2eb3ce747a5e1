package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {

  private static TrainingLog.Row row(long step, String stage) {
    return new TrainingLog.Row(step, stage, (int) step, 1.0 / (1 + step), 0.5, 1e-4, 1e-5, 0.01);
  }

  @Test
  void reopeningForAResumedRunDropsRowsFromThatStepOn(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("loss.csv");
    try (TrainingLog log = TrainingLog.open(csv, 0)) {
      for (int s = 0; s < 5; s++) {
        log.append(row(s, "3s"));
      }
    }
    // the run crashed after logging step 4, with its last checkpoint after step 2 (3 steps done)
    Files.writeString(csv, "5,3s,5,0.1", java.nio.file.StandardOpenOption.APPEND);
    try (TrainingLog log = TrainingLog.open(csv, 3)) {
      log.append(row(3, "3s"));
    }
    List<TrainingLog.Row> rows = TrainingLog.read(csv);
    assertEquals(List.of(0L, 1L, 2L, 3L), rows.stream().map(TrainingLog.Row::step).toList());
    assertEquals(row(1, "3s"), rows.get(1));
    assertEquals(TrainingLog.HEADER, Files.readAllLines(csv).get(0));
  }

  @Test
  void plotIsWrittenWithTheRequestedSize(@TempDir Path dir) throws Exception {
    List<TrainingLog.Row> rows = new ArrayList<>();
    TrainRandom r = new TrainRandom(1);
    for (int s = 0; s < 300; s++) {
      double loss = 0.05 + 0.9 * Math.exp(-s / 60.0) * (0.8 + 0.4 * r.nextDouble());
      rows.add(new TrainingLog.Row(s, s < 200 ? "3s" : "9s", s, loss, 1, 1e-4, 1e-5, 0.01));
    }
    Path lin = LossPlot.write(rows, dir.resolve("lin.png"), LossPlot.Options.defaults());
    Path log = LossPlot.write(rows, dir.resolve("log.png"),
        LossPlot.Options.defaults().logScale(true).size(640, 400));
    BufferedImage a = ImageIO.read(lin.toFile());
    BufferedImage b = ImageIO.read(log.toFile());
    assertEquals(900, a.getWidth());
    assertEquals(540, a.getHeight());
    assertEquals(640, b.getWidth());
    assertEquals(400, b.getHeight());
    // something other than white and black was drawn: the loss curve
    int blue = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int c = a.getRGB(x, y) & 0xFFFFFF;
        if ((c & 0xFF) > 120 && ((c >> 16) & 0xFF) < 100) {
          blue++;
        }
      }
    }
    assertTrue(blue > 500, "curve pixels: " + blue);
    Path keep = Path.of(System.getProperty("ttt.plot.dir", dir.toString()));
    Files.createDirectories(keep);
    Files.copy(lin, keep.resolve("loss-linear.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(log, keep.resolve("loss-log.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void tickLabelsAreShort() {
    assertEquals("0.25", LossPlot.format(0.25));
    assertEquals("100", LossPlot.format(100));
    assertEquals("1e-05", LossPlot.format(1e-5));
    assertEquals("0", LossPlot.format(0));
  }
}
