package dev.sluice.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Plain PNG charts of a run's per-request results, drawn with Java2D (headless): latency CDFs per input-length
 * bucket, and output throughput over time.
 */
public final class Plots {
    private static final int W = 900;
    private static final int H = 500;
    private static final int PAD = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };

    private Plots() {}

    /** A CDF per input-length bucket of the values (milliseconds) each successful request contributes. */
    public static void latencyCdf(
            List<RequestResult> results, String title, Function<RequestResult, double[]> values, Path file)
            throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String b : Report.BUCKETS) {
            double[] sorted = results.stream()
                    .filter(r -> r.ok() && Report.bucketOf(r.inputLength()).equals(b))
                    .flatMapToDouble(r -> Arrays.stream(values.apply(r)))
                    .filter(d -> !Double.isNaN(d))
                    .sorted()
                    .toArray();
            if (sorted.length > 0) {
                series.put(b, sorted);
            }
        }
        double maxX = series.values().stream()
                .mapToDouble(s -> s[(int) Math.floor(0.99 * (s.length - 1))])
                .max()
                .orElse(1);
        BufferedImage img = canvas(title, "ms (up to the largest p99)", "fraction of values");
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2));
            double[] s = e.getValue();
            int px = PAD;
            int py = H - PAD;
            for (int k = 0; k < s.length; k++) {
                int x = PAD + (int) (Math.min(s[k], maxX) / maxX * (W - 2 * PAD));
                int y = H - PAD - (int) ((k + 1.0) / s.length * (H - 2 * PAD));
                g.drawLine(px, py, x, y);
                px = x;
                py = y;
            }
            g.drawString(e.getKey() + " (n=" + s.length + ")", W - PAD - 150, PAD + 20 + 18 * i++);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%.1f", maxX), W - PAD - 20, H - PAD + 18);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /** Output tokens of successful requests per second of the run, by completion time. */
    public static void throughput(List<RequestResult> results, double durationSeconds, Path file) throws IOException {
        int seconds = Math.max(1, (int) Math.ceil(durationSeconds));
        double[] tokens = new double[seconds];
        long first =
                results.stream().mapToLong(RequestResult::scheduledNanos).min().orElse(0);
        for (RequestResult r : results) {
            if (r.ok()) {
                long end = (r.scheduledNanos() + r.endNanos() - first) / 1_000_000_000L;
                tokens[(int) Math.min(seconds - 1, end)] += r.outputTokens();
            }
        }
        double max = Arrays.stream(tokens).max().orElse(1);
        BufferedImage img = canvas("Output tokens per second (by completion time)", "seconds", "tokens/s");
        Graphics2D g = img.createGraphics();
        g.setColor(COLORS[0]);
        for (int s = 0; s < seconds; s++) {
            int x = PAD + s * (W - 2 * PAD) / seconds;
            int w = Math.max(1, (W - 2 * PAD) / seconds - 1);
            int h = (int) (tokens[s] / Math.max(1, max) * (H - 2 * PAD));
            g.fillRect(x, H - PAD - h, w, h);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%.0f", max), 8, PAD + 4);
        g.drawString(Integer.toString(seconds), W - PAD - 10, H - PAD + 18);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static BufferedImage canvas(String title, String xLabel, String yLabel) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.drawLine(PAD, H - PAD, W - PAD, H - PAD);
        g.drawLine(PAD, PAD, PAD, H - PAD);
        g.drawString(title, PAD, PAD - 25);
        g.drawString(xLabel, W / 2 - 40, H - 20);
        g.drawString(yLabel, 8, PAD - 8);
        g.dispose();
        return img;
    }
}
