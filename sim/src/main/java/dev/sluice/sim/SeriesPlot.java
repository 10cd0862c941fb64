package dev.sluice.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/** A PNG line chart of named (x, y) series, drawn headless with Java2D: workers over time, metrics against load. */
final class SeriesPlot {
    private static final int W = 900;
    private static final int H = 500;
    private static final int PAD = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private SeriesPlot() {}

    /**
     * Draws each series ({@code [x values, y values]}) as a line with markers; {@code legend} limits how many names
     * are written (many workers make many lines).
     */
    static void write(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series, int legend)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        double maxX = 0;
        double maxY = 0;
        for (double[][] s : series.values()) {
            for (int i = 0; i < s[0].length; i++) {
                if (Double.isFinite(s[0][i]) && Double.isFinite(s[1][i])) {
                    maxX = Math.max(maxX, s[0][i]);
                    maxY = Math.max(maxY, s[1][i]);
                }
            }
        }
        maxX = maxX <= 0 ? 1 : maxX;
        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        axes(g, title, xLabel, yLabel, maxX, maxY);
        int n = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            g.setColor(COLORS[n % COLORS.length]);
            g.setStroke(new BasicStroke(series.size() > 12 ? 1 : 2));
            line(g, e.getValue(), maxX, maxY, series.size() <= 12);
            if (n < legend) {
                g.drawString(e.getKey(), W - PAD - 230, PAD + 16 + 16 * n);
            }
            n++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void line(Graphics2D g, double[][] s, double maxX, double maxY, boolean markers) {
        int px = -1;
        int py = -1;
        for (int i = 0; i < s[0].length; i++) {
            if (!Double.isFinite(s[0][i]) || !Double.isFinite(s[1][i])) {
                px = -1;
                continue;
            }
            int x = PAD + (int) (s[0][i] / maxX * (W - 2 * PAD));
            int y = H - PAD - (int) (Math.min(s[1][i], maxY) / maxY * (H - 2 * PAD));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            if (markers) {
                g.fillOval(x - 3, y - 3, 6, 6);
            }
            px = x;
            py = y;
        }
    }

    private static void axes(Graphics2D g, String title, String xLabel, String yLabel, double maxX, double maxY) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.drawLine(PAD, H - PAD, W - PAD, H - PAD);
        g.drawLine(PAD, PAD, PAD, H - PAD);
        g.drawString(title, PAD, PAD - 25);
        g.drawString(xLabel, W / 2 - 40, H - 20);
        g.drawString(yLabel, 8, PAD - 8);
        g.setColor(Color.DARK_GRAY);
        g.drawString("0", PAD - 12, H - PAD + 14);
        g.drawString(format(maxX), W - PAD - 20, H - PAD + 18);
        g.drawString(format(maxY), 4, PAD + 4);
    }

    private static String format(double v) {
        return v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
