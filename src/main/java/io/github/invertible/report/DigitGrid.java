package io.github.invertible.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows of 28×28 digits with a label per row and a caption under each digit (e.g. its relative
 * error). Pixel values outside [0, 1] are clipped for display only; a digit flagged as failed gets
 * a red frame, so a divergence is never hidden by the clipping.
 */
public final class DigitGrid {
    private static final int SIDE = 28;
    private static final int SCALE = 3;
    private static final int CELL = SIDE * SCALE;
    private static final int GAP = 6;
    private static final int LABEL_WIDTH = 150;
    private static final int CAPTION_HEIGHT = 16;

    /** One row: its label, the images (784 values each), a caption and a failure flag per image. */
    public record Row(String label, List<double[]> images, List<String> captions, List<Boolean> failed) {
    }

    private DigitGrid() {
    }

    public static void write(Path png, String title, List<Row> rows) {
        int columns = rows.stream().mapToInt(r -> r.images().size()).max().orElse(0);
        int width = LABEL_WIDTH + columns * (CELL + GAP) + GAP;
        int rowHeight = CELL + CAPTION_HEIGHT + GAP;
        int height = 30 + rows.size() * rowHeight;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, GAP, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y0 = 30 + r * rowHeight;
            g.setColor(Color.BLACK);
            g.drawString(row.label(), GAP, y0 + CELL / 2);
            for (int c = 0; c < row.images().size(); c++) {
                int x0 = LABEL_WIDTH + c * (CELL + GAP);
                drawDigit(img, row.images().get(c), x0, y0);
                if (row.failed().get(c)) {
                    g.setColor(Color.RED);
                    g.setStroke(new BasicStroke(3));
                    g.drawRect(x0 - 1, y0 - 1, CELL + 1, CELL + 1);
                }
                g.setColor(row.failed().get(c) ? Color.RED : Color.DARK_GRAY);
                g.drawString(row.captions().get(c), x0, y0 + CELL + CAPTION_HEIGHT - 3);
            }
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void drawDigit(BufferedImage img, double[] pixels, int x0, int y0) {
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE; j++) {
                double v = pixels[i * SIDE + j];
                // ink is dark on white, as in the paper's figures; NaN shows as magenta
                int rgb = Double.isNaN(v) ? 0xff00ff : gray(1 - Math.max(0, Math.min(1, v)));
                for (int a = 0; a < SCALE; a++) {
                    for (int b = 0; b < SCALE; b++) {
                        img.setRGB(x0 + j * SCALE + b, y0 + i * SCALE + a, rgb);
                    }
                }
            }
        }
    }

    private static int gray(double v) {
        int c = (int) Math.round(255 * v);
        return (c << 16) | (c << 8) | c;
    }
}
