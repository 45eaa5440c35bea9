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
 * Rows of images (any H×W; grey, or RGB for three channels) with a label per row and a caption under each digit (e.g.
 * its relative error; lines split at {@code \n}); a title wider than the figure is wrapped. Pixel values outside
 * [0, 1] are clipped for display only; a digit flagged as failed gets a red frame, so a divergence is never hidden by
 * the clipping.
 */
public final class DigitGrid {
    /** Screen pixels per image pixel. */
    private static final int SCALE = 3;
    private static final int GAP = 6;
    private static final int LABEL_WIDTH = 150;
    private static final int CAPTION_HEIGHT = 16;

    /** One row: its label, the images (C·H·W values each), a caption and a failure flag per image. */
    public record Row(String label, List<double[]> images, List<String> captions, List<Boolean> failed) {
    }

    private DigitGrid() {
    }

    /** Square grey-scale images, their side read from the number of values (e.g. 28 for 784). */
    public static void write(Path png, String title, List<Row> rows) {
        int n = rows.stream().flatMap(r -> r.images().stream()).mapToInt(a -> a.length).findFirst().orElse(1);
        int side = (int) Math.round(Math.sqrt(n));
        if (side * side != n) {
            throw new IllegalArgumentException("images of " + n + " values are not square: give their shape");
        }
        write(png, title, rows, 1, side, side);
    }

    /** Images of {@code channels}×{@code height}×{@code width} (three channels drawn as RGB, else the first). */
    public static void write(Path png, String title, List<Row> rows, int channels, int height, int width) {
        Shape shape = new Shape(channels, height, width);
        int cell = width * SCALE;
        int cellHeight = height * SCALE;
        int columns = rows.stream().mapToInt(r -> r.images().size()).max().orElse(0);
        int figWidth = LABEL_WIDTH + columns * (cell + GAP) + GAP;
        int captionLines = rows.stream().flatMap(r -> r.captions().stream())
                .mapToInt(c -> c.split("\n", -1).length).max().orElse(1);
        int rowHeight = cellHeight + CAPTION_HEIGHT * captionLines + GAP;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        List<String> titleLines = wrap(title, titleFont, figWidth - 2 * GAP);
        int top = 12 + 18 * titleLines.size();
        int figHeight = top + rows.size() * rowHeight;
        BufferedImage img = new BufferedImage(figWidth, figHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, figWidth, figHeight);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        for (int i = 0; i < titleLines.size(); i++) {
            g.drawString(titleLines.get(i), GAP, 20 + 18 * i);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y0 = top + r * rowHeight;
            g.setColor(Color.BLACK);
            g.drawString(row.label(), GAP, y0 + cellHeight / 2);
            for (int c = 0; c < row.images().size(); c++) {
                int x0 = LABEL_WIDTH + c * (cell + GAP);
                drawDigit(img, row.images().get(c), shape, x0, y0);
                if (row.failed().get(c)) {
                    g.setColor(Color.RED);
                    g.setStroke(new BasicStroke(3));
                    g.drawRect(x0 - 1, y0 - 1, cell + 1, cellHeight + 1);
                }
                g.setColor(row.failed().get(c) ? Color.RED : Color.DARK_GRAY);
                String[] lines = row.captions().get(c).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    g.drawString(lines[i], x0, y0 + cellHeight + CAPTION_HEIGHT * (i + 1) - 3);
                }
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

    /** The words of {@code text} in lines no wider than {@code width} pixels (a longer word gets its own line). */
    static List<String> wrap(String text, Font font, int width) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        java.awt.FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        g.dispose();
        return lines;
    }

    private record Shape(int channels, int height, int width) {
    }

    private static void drawDigit(BufferedImage img, double[] pixels, Shape s, int x0, int y0) {
        int plane = s.height() * s.width();
        for (int i = 0; i < s.height(); i++) {
            for (int j = 0; j < s.width(); j++) {
                int rgb;
                if (s.channels() == 3) {
                    rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        double v = pixels[ch * plane + i * s.width() + j];
                        rgb = (rgb << 8) | (Double.isNaN(v) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, v))));
                    }
                } else {
                    double v = pixels[i * s.width() + j];
                    // ink is dark on white, as in the paper's figures; NaN shows as magenta
                    rgb = Double.isNaN(v) ? 0xff00ff : gray(1 - Math.max(0, Math.min(1, v)));
                }
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
