package tunebench.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import tunebench.engine.io.AtomicFiles;

/**
 * A PNG of a run's loss curve from its metrics.jsonl: training loss (raw, faint, and smoothed)
 * and evaluation loss, for model cards. Drawn with plain AWT, which runs headless.
 */
public final class LossCurvePlot {

    private static final int W = 800;
    private static final int H = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LossCurvePlot() {}

    public static void write(Path metrics, Path png, String title) throws IOException {
        List<double[]> train = new ArrayList<>();
        List<double[]> eval = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            if (n.has("loss")) {
                train.add(new double[] {n.get("step").asDouble(), n.get("loss").asDouble()});
            } else if (n.has("eval_loss") && Double.isFinite(n.get("eval_loss").asDouble())) {
                eval.add(new double[] {n.get("step").asDouble(), n.get("eval_loss").asDouble()});
            }
        }
        if (train.isEmpty()) {
            throw new IOException(metrics + " has no training steps to plot");
        }
        BufferedImage img = draw(train, eval, title);
        AtomicFiles.writeStream(png, out -> ImageIO.write(img, "png", out));
    }

    static BufferedImage draw(List<double[]> train, List<double[]> eval, String title) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double maxStep = train.get(train.size() - 1)[0];
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<double[]> series : List.of(train, eval)) {
            for (double[] p : series) {
                lo = Math.min(lo, p[1]);
                hi = Math.max(hi, p[1]);
            }
        }
        hi = hi + (hi - lo) * 0.05 + 1e-9;
        lo = Math.max(0, lo - (hi - lo) * 0.05);
        Axes a = new Axes(maxStep, lo, hi);
        a.grid(g);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(new Color(40, 40, 40));
        g.drawString(title, LEFT, 25);
        line(g, a, train, new Color(120, 160, 220, 90), 1f);
        line(g, a, smooth(train, 0.95), new Color(30, 90, 190), 2.2f);
        line(g, a, eval, new Color(220, 110, 30), 2.2f);
        legend(g);
        g.dispose();
        return img;
    }

    /** Exponential moving average with bias correction, as TensorBoard smooths. */
    static List<double[]> smooth(List<double[]> points, double weight) {
        List<double[]> out = new ArrayList<>();
        double ema = 0;
        for (int i = 0; i < points.size(); i++) {
            ema = weight * ema + (1 - weight) * points.get(i)[1];
            out.add(new double[] {points.get(i)[0], ema / (1 - Math.pow(weight, i + 1))});
        }
        return out;
    }

    private static void line(Graphics2D g, Axes a, List<double[]> pts, Color c, float width) {
        if (pts.isEmpty()) {
            return;
        }
        Path2D path = new Path2D.Double();
        for (int i = 0; i < pts.size(); i++) {
            double x = a.x(pts.get(i)[0]);
            double y = a.y(pts.get(i)[1]);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = W - RIGHT - 250;
        g.setColor(new Color(30, 90, 190));
        g.fillRect(x, 16, 18, 4);
        g.setColor(new Color(60, 60, 60));
        g.drawString("training loss (smoothed)", x + 24, 22);
        g.setColor(new Color(220, 110, 30));
        g.fillRect(x, 32, 18, 4);
        g.setColor(new Color(60, 60, 60));
        g.drawString("held-out loss", x + 24, 38);
    }

    /** Data to pixel mapping and the grid with its labels. */
    private record Axes(double maxStep, double lo, double hi) {
        double x(double step) {
            return LEFT + (W - LEFT - RIGHT) * step / Math.max(1, maxStep);
        }

        double y(double loss) {
            return TOP + (H - TOP - BOTTOM) * (hi - loss) / (hi - lo);
        }

        void grid(Graphics2D g) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 5; i++) {
                double v = lo + (hi - lo) * i / 5;
                int y = (int) y(v);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(LEFT, y, W - RIGHT, y);
                g.setColor(new Color(90, 90, 90));
                g.drawString(String.format("%.2f", v), 15, y + 4);
                double s = maxStep * i / 5;
                int x = (int) x(s);
                g.drawString(String.valueOf(Math.round(s)), x - 10, H - BOTTOM + 18);
            }
            g.drawString("step", W / 2, H - 12);
            g.drawString("loss", 15, TOP - 10);
            g.setColor(new Color(150, 150, 150));
            g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        }
    }
}
