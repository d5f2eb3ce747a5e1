package io.github.tttvideo.examples.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small Java2D line chart: one line per series through its points (mean values), a vertical bar
 * of plus and minus one standard deviation at each point, ticks at the x values of the data, a
 * legend to the right. Used for the metric-against-length plots of the consistency benchmark.
 */
final class LineChart {
  private static final int LEFT = 80;
  private static final int LEGEND = 170;
  private static final int TOP = 52;
  private static final int BOTTOM = 58;
  private static final Color GRID = new Color(228, 228, 228);
  private static final Color REFERENCE = new Color(150, 150, 150);
  private static final Color[] COLOURS = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    new Color(227, 119, 194), new Color(127, 127, 127)
  };

  private LineChart() {}

  /**
   * A point: x, the mean and its standard deviation (NaN for no bar).
   *
   * @param x the x value
   * @param y the mean
   * @param std the spread drawn as a bar of y - std .. y + std
   */
  record Point(double x, double y, double std) {}

  /**
   * A line.
   *
   * @param label the legend text
   * @param points the points, in x order
   * @param reference drawn grey and dashed (a ceiling or baseline, not a contender)
   */
  record Series(String label, List<Point> points, boolean reference) {
    Series(String label, List<Point> points) {
      this(label, points, false);
    }
  }

  /**
   * What to draw.
   *
   * @param title the title
   * @param xLabel the x axis label
   * @param yLabel the y axis label
   * @param yMin the bottom of the y axis, or NaN to fit the data (from 0 when all are >= 0)
   * @param yMax the top, or NaN to fit the data
   * @param width image width, >= 300
   * @param height image height, >= 200
   */
  record Spec(String title, String xLabel, String yLabel, double yMin, double yMax, int width,
      int height) {
    Spec {
      if (width < 300 || height < 200) {
        throw new IllegalArgumentException("chart must be at least 300 x 200, got " + width
            + " x " + height);
      }
    }
  }

  /**
   * Draws the chart and writes it as a PNG (temp file, then move).
   *
   * @param spec what to draw
   * @param series the lines
   * @param png the target
   * @return the target
   * @throws IOException if writing fails
   */
  static Path write(Spec spec, List<Series> series, Path png) throws IOException {
    BufferedImage img = draw(spec, series);
    Path dir = png.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + png.getFileName(), ".tmp");
    try {
      ImageIO.write(img, "png", tmp.toFile());
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return png;
  }

  /**
   * Draws the chart.
   *
   * @param spec what to draw
   * @param series the lines
   * @return the image, {@code spec.width() x spec.height()}
   */
  static BufferedImage draw(Spec spec, List<Series> series) {
    BufferedImage img = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, spec.width(), spec.height());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      FontMetrics tfm = g.getFontMetrics();
      g.drawString(spec.title(), (spec.width() - tfm.stringWidth(spec.title())) / 2, 26);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();

      int x0 = LEFT;
      int y0 = TOP;
      int pw = spec.width() - LEFT - LEGEND;
      int ph = spec.height() - TOP - BOTTOM;

      List<Double> xs = new ArrayList<>();
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Series s : series) {
        for (Point p : s.points()) {
          if (!Double.isFinite(p.y())) {
            continue;
          }
          if (!xs.contains(p.x())) {
            xs.add(p.x());
          }
          double e = Double.isFinite(p.std()) ? p.std() : 0;
          lo = Math.min(lo, p.y() - e);
          hi = Math.max(hi, p.y() + e);
        }
      }
      xs.sort(Double::compare);
      if (xs.isEmpty()) {
        g.setColor(Color.DARK_GRAY);
        g.drawString("no data", x0 + 10, y0 + 20);
        g.drawRect(x0, y0, pw, ph);
        return img;
      }
      if (lo >= 0) {
        lo = 0;
      }
      double yLo = Double.isNaN(spec.yMin()) ? lo : spec.yMin();
      double yHi = Double.isNaN(spec.yMax()) ? hi : spec.yMax();
      if (yHi <= yLo) {
        yHi = yLo + (yLo == 0 ? 1 : Math.abs(yLo) * 0.2);
      }
      double step = niceStep((yHi - yLo) / 6);
      if (Double.isNaN(spec.yMax())) {
        yHi = Math.ceil(yHi / step) * step;
      }
      if (Double.isNaN(spec.yMin())) {
        yLo = Math.floor(yLo / step) * step;
      }
      double xLo = xs.get(0);
      double xHi = xs.get(xs.size() - 1);
      double xPad = xHi > xLo ? (xHi - xLo) * 0.06 : 1;
      xLo -= xPad;
      xHi += xPad;

      for (double t = Math.ceil(yLo / step) * step; t <= yHi + step * 1e-9; t += step) {
        int y = yPix(t, yLo, yHi, y0, ph);
        g.setColor(GRID);
        g.drawLine(x0, y, x0 + pw, y);
        g.setColor(Color.BLACK);
        g.drawLine(x0 - 5, y, x0, y);
        String label = tick(Math.abs(t) < step * 1e-9 ? 0 : t);
        g.drawString(label, x0 - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      }
      for (double x : xs) {
        int px = xPix(x, xLo, xHi, x0, pw);
        g.setColor(GRID);
        g.drawLine(px, y0, px, y0 + ph);
        g.setColor(Color.BLACK);
        g.drawLine(px, y0 + ph, px, y0 + ph + 5);
        String label = tick(x);
        g.drawString(label, px - fm.stringWidth(label) / 2, y0 + ph + 8 + fm.getAscent());
      }

      java.awt.Shape clip = g.getClip();
      g.clipRect(x0, y0, pw + 1, ph + 1);
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        Color c = colour(series, i);
        // nudge series sideways a little so that equal points and their bars stay visible
        double nudge = (i - (series.size() - 1) / 2.0) * 3;
        Path2D.Double line = new Path2D.Double();
        boolean started = false;
        g.setColor(c);
        for (Point p : s.points()) {
          if (!Double.isFinite(p.y())) {
            continue;
          }
          double px = xPix(p.x(), xLo, xHi, x0, pw) + nudge;
          double py = yPix(p.y(), yLo, yHi, y0, ph);
          if (started) {
            line.lineTo(px, py);
          } else {
            line.moveTo(px, py);
            started = true;
          }
          if (Double.isFinite(p.std()) && p.std() > 0) {
            g.setStroke(new BasicStroke(1.2f));
            int top = yPix(p.y() + p.std(), yLo, yHi, y0, ph);
            int bottom = yPix(p.y() - p.std(), yLo, yHi, y0, ph);
            int ix = (int) Math.round(px);
            g.drawLine(ix, top, ix, bottom);
            g.drawLine(ix - 4, top, ix + 4, top);
            g.drawLine(ix - 4, bottom, ix + 4, bottom);
          }
          g.fillOval((int) Math.round(px) - 4, (int) Math.round(py) - 4, 8, 8);
        }
        g.setStroke(stroke(s));
        g.draw(line);
      }
      g.setClip(clip);

      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawRect(x0, y0, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      fm = g.getFontMetrics();
      g.drawString(spec.xLabel(), x0 + (pw - fm.stringWidth(spec.xLabel())) / 2,
          spec.height() - 14);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(spec.yLabel(), -(y0 + (ph + fm.stringWidth(spec.yLabel())) / 2), 20);
      g.setTransform(saved);

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      fm = g.getFontMetrics();
      int lx = x0 + pw + 14;
      int ly = y0 + 4;
      for (int i = 0; i < series.size(); i++) {
        g.setColor(colour(series, i));
        g.setStroke(stroke(series.get(i)));
        g.drawLine(lx, ly + fm.getAscent() / 2, lx + 22, ly + fm.getAscent() / 2);
        g.fillOval(lx + 7, ly + fm.getAscent() / 2 - 4, 8, 8);
        g.setColor(Color.BLACK);
        g.drawString(series.get(i).label(), lx + 28, ly + fm.getAscent());
        ly += fm.getHeight() + 4;
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString("bars: ± 1 std", lx, ly + fm.getAscent() + 6);
      return img;
    } finally {
      g.dispose();
    }
  }

  /** Contenders take the palette in order; reference lines are grey. */
  private static Color colour(List<Series> series, int i) {
    if (series.get(i).reference()) {
      return REFERENCE;
    }
    int n = 0;
    for (int j = 0; j < i; j++) {
      if (!series.get(j).reference()) {
        n++;
      }
    }
    return COLOURS[n % COLOURS.length];
  }

  private static BasicStroke stroke(Series s) {
    return s.reference()
        ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f)
        : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  private static int xPix(double x, double lo, double hi, int x0, int pw) {
    return x0 + (int) Math.round((x - lo) / (hi - lo) * pw);
  }

  private static int yPix(double y, double lo, double hi, int y0, int ph) {
    return y0 + ph - (int) Math.round((y - lo) / (hi - lo) * ph);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  private static String tick(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
