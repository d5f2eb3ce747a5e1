package io.github.tttvideo.toon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToonWorldDemoTest {
  @Test
  void writesAContactSheetWithOneRowPerSegment(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sheet.png");
    ToonWorldDemo.main(new String[] {"42", "3", out.toString()});
    assertTrue(Files.size(out) > 0);
    BufferedImage img = ImageIO.read(out.toFile());
    assertEquals(3 * 130 + 2, img.getHeight());
  }
}
