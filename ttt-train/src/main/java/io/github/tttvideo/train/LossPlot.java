package io.github.tttvideo.train;

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
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the loss of a training log against the step as a PNG with Java2D: the raw loss (thin,
 * light), a centred moving average (thick; geometric on a log axis, so it does not lag behind the
 * curve), dashed lines where a new stage starts, labelled above the plot, ticks and grid on both
 * axes, optionally a logarithmic loss axis fitted to the data.
 *
 * <pre>{@code
 * LossPlot.write(TrainingLog.read(csv), Path.of("loss.png"), LossPlot.Options.defaults().logScale(true));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LossPlot {
  private static final int LEFT = 86;
  private static final int RIGHT = 30;
  private static final int TOP = 64;
  private static final int BOTTOM = 62;
  private static final Color RAW = new Color(150, 185, 230);
  private static final Color SMOOTH = new Color(20, 70, 160);
  private static final Color GRID = new Color(228, 228, 228);

  /**
   * How to draw.
   *
   * @param width image width in pixels, >= 200
   * @param height image height in pixels, >= 150
   * @param logScale logarithmic loss axis (base 10)
   * @param window points in the centred moving average (0 picks about 4% of the points, at
   *     least 5)
   * @param title the title
   */
  public record Options(int width, int height, boolean logScale, int window, String title) {
    /** Validates. */
    public Options {
      if (width < 200 || height < 150) {
        throw new IllegalArgumentException("plot must be at least 200 x 150, got " + width + " x "
            + height);
      }
      if (window < 0) {
        throw new IllegalArgumentException("window must be >= 0, got " + window);
      }
    }

    /** {@return 900 x 540, linear, automatic window, title "Training loss (v-MSE)"} */
    public static Options defaults() {
      return new Options(900, 540, false, 0, "Training loss (v-MSE)");
    }

    /**
     * The same options with another axis scale.
     *
     * @param log whether the loss axis is logarithmic
     * @return the options
     */
    public Options logScale(boolean log) {
      return new Options(width, height, log, window, title);
    }

    /**
     * The same options with another size.
     *
     * @param w width
     * @param h height
     * @return the options
     */
    public Options size(int w, int h) {
      return new Options(w, h, logScale, window, title);
    }
  }

  private LossPlot() {}

  /**
   * Writes the plot (atomically: temp file, then move).
   *
   * @param rows the log's rows, in step order
   * @param png the target file
   * @param options how to draw
   * @return the target
   * @throws IOException if writing fails
   */
  public static Path write(List<TrainingLog.Row> rows, Path png, Options options)
      throws IOException {
    BufferedImage img = render(rows, options);
    Path dir = png.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + png.getFileName(), ".tmp");
    try {
      ImageIO.write(img, "png", tmp.toFile());
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return png;
  }

  /**
   * Draws the plot.
   *
   * @param rows the log's rows, in step order
   * @param o how to draw
   * @return the image, {@code o.width() x o.height()}
   */
  public static BufferedImage render(List<TrainingLog.Row> rows, Options o) {
    BufferedImage img = new BufferedImage(o.width(), o.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, o.width(), o.height());
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.setColor(Color.BLACK);
      FontMetrics tfm = g.getFontMetrics();
      g.drawString(o.title(), (o.width() - tfm.stringWidth(o.title())) / 2, 26);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

      int x0 = LEFT;
      int y0 = TOP;
      int pw = o.width() - LEFT - RIGHT;
      int ph = o.height() - TOP - BOTTOM;
      List<TrainingLog.Row> pts = new ArrayList<>();
      for (TrainingLog.Row r : rows) {
        if (Double.isFinite(r.loss()) && (!o.logScale() || r.loss() > 0)) {
          pts.add(r);
        }
      }
      if (pts.isEmpty()) {
        g.setColor(Color.DARK_GRAY);
        g.drawString("no finite loss values yet", x0 + 10, y0 + 20);
        g.drawRect(x0, y0, pw, ph);
        return img;
      }
      double sMin = pts.get(0).step();
      double sMax = pts.get(pts.size() - 1).step();
      if (sMax <= sMin) {
        sMax = sMin + 1;
      }
      double lMin = Double.POSITIVE_INFINITY;
      double lMax = Double.NEGATIVE_INFINITY;
      for (TrainingLog.Row r : pts) {
        lMin = Math.min(lMin, r.loss());
        lMax = Math.max(lMax, r.loss());
      }
      Axis yAxis = o.logScale() ? Axis.log(lMin, lMax) : Axis.linear(lMin, lMax, true);
      Axis xAxis = Axis.linear(sMin, sMax, false);

      // grid and ticks
      FontMetrics fm = g.getFontMetrics();
      for (double v : yAxis.ticks) {
        int y = y0 + ph - (int) Math.round(yAxis.frac(v) * ph);
        g.setColor(GRID);
        g.drawLine(x0, y, x0 + pw, y);
        g.setColor(Color.BLACK);
        g.drawLine(x0 - 5, y, x0, y);
        String label = format(v);
        g.drawString(label, x0 - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      }
      for (double v : xAxis.ticks) {
        int x = x0 + (int) Math.round(xAxis.frac(v) * pw);
        g.setColor(GRID);
        g.drawLine(x, y0, x, y0 + ph);
        g.setColor(Color.BLACK);
        g.drawLine(x, y0 + ph, x, y0 + ph + 5);
        String label = format(v);
        g.drawString(label, x - fm.stringWidth(label) / 2, y0 + ph + 8 + fm.getAscent());
      }

      // stage boundaries
      g.setStroke(
          new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
              new float[] {6f, 4f}, 0f));
      String prevStage = null;
      for (TrainingLog.Row r : pts) {
        if (!r.stage().equals(prevStage)) {
          int x = x0 + (int) Math.round(xAxis.frac(r.step()) * pw);
          g.setColor(Color.GRAY);
          if (prevStage != null) {
            g.drawLine(x, y0, x, y0 + ph);
          }
          g.setColor(Color.DARK_GRAY);
          String label = "stage " + r.stage();
          g.drawString(label, Math.min(x + 3, x0 + pw - fm.stringWidth(label)), y0 - 6);
          prevStage = r.stage();
        }
      }

      // raw and smoothed loss
      java.awt.Shape clip = g.getClip();
      g.clipRect(x0, y0, pw + 1, ph + 1);
      Path2D.Double raw = new Path2D.Double();
      Path2D.Double smooth = new Path2D.Double();
      int window = o.window() > 0 ? o.window() : autoWindow(pts.size());
      int half = window / 2;
      double[] values = new double[pts.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = o.logScale() ? Math.log(pts.get(i).loss()) : pts.get(i).loss();
      }
      for (int i = 0; i < pts.size(); i++) {
        TrainingLog.Row r = pts.get(i);
        double x = x0 + xAxis.frac(r.step()) * pw;
        double yRaw = y0 + ph - yAxis.frac(r.loss()) * ph;
        int from = Math.max(0, i - half);
        int to = Math.min(values.length - 1, i + half);
        double sum = 0;
        for (int j = from; j <= to; j++) {
          sum += values[j];
        }
        double mean = sum / (to - from + 1);
        double ySmooth = y0 + ph - yAxis.frac(o.logScale() ? Math.exp(mean) : mean) * ph;
        if (i == 0) {
          raw.moveTo(x, yRaw);
          smooth.moveTo(x, ySmooth);
        } else {
          raw.lineTo(x, yRaw);
          smooth.lineTo(x, ySmooth);
        }
      }
      g.setStroke(new BasicStroke(1.2f));
      g.setColor(RAW);
      g.draw(raw);
      g.setStroke(new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(SMOOTH);
      g.draw(smooth);
      g.setClip(clip);

      // frame, axis labels, legend
      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawRect(x0, y0, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      fm = g.getFontMetrics();
      g.drawString("step", x0 + (pw - fm.stringWidth("step")) / 2, o.height() - 16);
      String yLabel = o.logScale() ? "loss (log scale)" : "loss";
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(y0 + (ph + fm.stringWidth(yLabel)) / 2), 22);
      g.setTransform(saved);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      legend(g, x0 + pw, y0, window);
      return img;
    } finally {
      g.dispose();
    }
  }

  /** About 4% of the points, at least 5 (1 for very short logs), odd so that it is centred. */
  static int autoWindow(int points) {
    if (points < 10) {
      return 1;
    }
    int w = Math.max(5, points / 25);
    return w % 2 == 0 ? w + 1 : w;
  }

  private static void legend(Graphics2D g, int right, int top, int window) {
    FontMetrics fm = g.getFontMetrics();
    String a = "loss per step";
    String b = "moving average (" + window + (window == 1 ? " step)" : " steps)");
    int w = Math.max(fm.stringWidth(a), fm.stringWidth(b)) + 44;
    int h = 2 * fm.getHeight() + 12;
    int x = right - w - 8;
    int y = top + 8;
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(x, y, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    int ly = y + 6 + fm.getAscent();
    g.setColor(RAW);
    g.setStroke(new BasicStroke(1.2f));
    g.drawLine(x + 8, ly - 4, x + 32, ly - 4);
    g.setColor(Color.BLACK);
    g.drawString(a, x + 38, ly);
    ly += fm.getHeight();
    g.setColor(SMOOTH);
    g.setStroke(new BasicStroke(2.4f));
    g.drawLine(x + 8, ly - 4, x + 32, ly - 4);
    g.setColor(Color.BLACK);
    g.drawString(b, x + 38, ly);
    g.setStroke(new BasicStroke(1f));
  }

  /** Short tick labels: plain decimals for moderate values, otherwise 1.5e-05 style. */
  static String format(double v) {
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e6) {
      String s = new BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
          .toPlainString();
      return s;
    }
    return String.format(Locale.ROOT, "%.1e", v).replace(".0e", "e");
  }

  /** An axis: a mapping value -> [0, 1] and its tick values. */
  private static final class Axis {
    final double lo;
    final double hi;
    final boolean log;
    final List<Double> ticks = new ArrayList<>();

    private Axis(double lo, double hi, boolean log) {
      this.lo = lo;
      this.hi = hi;
      this.log = log;
    }

    static Axis linear(double min, double max, boolean pad) {
      if (max <= min) {
        double d = min == 0 ? 1 : Math.abs(min) * 0.1;
        min -= d;
        max += d;
      }
      double step = niceStep((max - min) / 6);
      if (!pad) {
        step = Math.max(1, step); // steps are integers
      }
      double lo = pad ? Math.floor(min / step) * step : min;
      double hi = pad ? Math.ceil(max / step) * step : max;
      if (pad && min >= 0 && lo < 0) {
        lo = 0;
      }
      Axis a = new Axis(lo, hi, false);
      for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        a.ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
      }
      return a;
    }

    static Axis log(double min, double max) {
      double lmin = Math.log10(min);
      double lmax = Math.log10(max);
      double pad = Math.max(0.05, (lmax - lmin) * 0.06);
      double lo = lmin - pad;
      double hi = lmax + pad;
      Axis a = new Axis(lo, hi, true);
      double span = hi - lo;
      double[] mantissas =
          span < 1.2
              ? new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}
              : span <= 2.5 ? new double[] {1, 2, 5} : new double[] {1};
      for (double d = Math.floor(lo); d <= Math.ceil(hi); d++) {
        double base = Math.pow(10, d);
        for (double m : mantissas) {
          double v = m * base;
          double lv = Math.log10(v);
          if (lv >= lo && lv <= hi) {
            a.ticks.add(v);
          }
        }
      }
      if (a.ticks.size() < 2) {
        // less than a factor of 2 between min and max: linear ticks on the log axis
        a.ticks.clear();
        double step = niceStep((Math.pow(10, hi) - Math.pow(10, lo)) / 5);
        for (double t = Math.ceil(Math.pow(10, lo) / step) * step; t <= Math.pow(10, hi);
            t += step) {
          a.ticks.add(t);
        }
      }
      return a;
    }

    double frac(double v) {
      if (log) {
        return (Math.log10(v) - lo) / (hi - lo);
      }
      return (v - lo) / (hi - lo);
    }

    static double niceStep(double raw) {
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double r = raw / mag;
      double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
      return nice * mag;
    }
  }
}
