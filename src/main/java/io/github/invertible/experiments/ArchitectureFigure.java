package io.github.invertible.experiments;

import io.github.invertible.model.FeatureStage;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.model.ResidualConvUnit;
import io.github.invertible.model.ResidualDenseUnit;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * F0: the architecture of a trained network, drawn from its own graph configuration (vertex order, layer
 * types, each vertex's output shape from DL4J's shape inference, parameter counts) with the invertible
 * feature stage ({@link FeatureStage}, the same reading the inverse uses) marked. Java2D rather than a
 * chart library: it is a box diagram, not a plot.
 */
public final class ArchitectureFigure {
    public static final String PNG = "f0_architecture.png";
    public static final String CSV = "f0_architecture.csv";
    private static final int BOX_W = 560;
    private static final int BOX_H = 30;
    private static final int GAP = 14;
    private static final int LEFT = 20;
    private static final int TOP = 50;
    private static final Color INVERTIBLE = new Color(0xd9f0d3);
    private static final Color HEAD = new Color(0xe0e4ee);

    /** One vertex as drawn. */
    record Row(String name, String type, String shape, long params, boolean invertible) {
    }

    private ArchitectureFigure() {
    }

    /** The rows of {@code net} in topological order (input first). */
    static List<Row> rows(ComputationGraph net, NetworkSpec.Arch arch) {
        return rows(net, arch, io.github.invertible.common.ImageShape.MNIST);
    }

    /** The rows of a network on images of {@code shape} (a DL4J configuration does not keep its input type). */
    static List<Row> rows(ComputationGraph net, NetworkSpec.Arch arch, io.github.invertible.common.ImageShape shape) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        InputType in = inputType(arch, shape);
        Map<String, InputType> types = conf.getLayerActivationTypes(in);
        List<String> invertible = FeatureStage.of(conf).names();
        List<Row> rows = new ArrayList<>();
        for (String name : conf.getTopologicalOrderStr()) {
            boolean isInput = conf.getNetworkInputs().contains(name);
            GraphVertex v = conf.getVertices().get(name);
            String type = isInput ? "input" : type(v);
            long params = isInput ? 0 : net.getVertex(name).numParams();
            rows.add(new Row(name, type, shape(isInput ? in : types.get(name)), params,
                    isInput || invertible.contains(name)));
        }
        return rows;
    }

    /** The input type of {@code arch} on images of {@code s} (DESIGN §9). */
    static InputType inputType(NetworkSpec.Arch arch, io.github.invertible.common.ImageShape s) {
        return arch == NetworkSpec.Arch.DENSE ? InputType.feedForward(s.size())
                : InputType.convolutional(s.height(), s.width(), s.channels());
    }

    private static String type(GraphVertex v) {
        if (!(v instanceof LayerVertex lv)) {
            return v.getClass().getSimpleName();
        }
        var layer = lv.getLayerConf().getLayer();
        String t = layer.getClass().getSimpleName();
        if (layer instanceof ResidualConvUnit u) {
            return t + (u.isTied() ? " (tied)" : "") + ", " + u.getHidden() + " hidden ch";
        }
        if (layer instanceof ResidualDenseUnit u) {
            return t + (u.isTied() ? " (tied)" : "");
        }
        return t;
    }

    static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getChannels() + " x " + c.getHeight() + " x " + c.getWidth();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return Long.toString(f.getSize());
        }
        return t == null ? "?" : t.toString();
    }

    /** Writes {@link #CSV} (one row per vertex) and draws {@link #PNG} of {@code net} (named {@code model}) into {@code out}. */
    public static void write(ComputationGraph net, String model, NetworkSpec.Arch arch, Path out) {
        List<Row> rows = rows(net, arch);
        CsvTable t = new CsvTable("model", "vertex", "layer", "output_shape", "params", "invertible");
        rows.forEach(r -> t.add(model, r.name(), r.type(), r.shape(), r.params(), r.invertible()));
        try {
            t.write(out.resolve(CSV));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(CSV), e);
        }
        Path png = out.resolve(PNG);
        int height = TOP + rows.size() * (BOX_H + GAP) + 20;
        int width = LEFT + BOX_W + 260;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("F0: " + model + ", as stored in its model zip (vertex, layer, output shape, parameters)", LEFT, 25);
        int firstHead = -1;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * (BOX_H + GAP);
            g.setColor(r.invertible() ? INVERTIBLE : HEAD);
            g.fillRoundRect(LEFT, y, BOX_W, BOX_H, 8, 8);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1.2f));
            g.drawRoundRect(LEFT, y, BOX_W, BOX_H, 8, 8);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 13));
            g.drawString(r.name(), LEFT + 8, y + 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(r.type(), LEFT + 110, y + 20);
            g.drawString(r.shape(), LEFT + 370, y + 20);
            if (r.params() > 0) {
                String p = String.format(Locale.ROOT, "%,d params", r.params()).replace(',', ' ');
                g.drawString(p, LEFT + BOX_W - 8 - g.getFontMetrics().stringWidth(p), y + 20); // right-aligned
            }
            if (i + 1 < rows.size()) { // arrow to the next vertex (these graphs are chains)
                int x = LEFT + BOX_W / 2;
                g.drawLine(x, y + BOX_H, x, y + BOX_H + GAP);
                g.fillPolygon(new int[]{x - 4, x + 4, x}, new int[]{y + BOX_H + GAP - 6, y + BOX_H + GAP - 6,
                        y + BOX_H + GAP}, 3);
            }
            if (!r.invertible() && firstHead < 0) {
                firstHead = i;
            }
        }
        int split = firstHead < 0 ? rows.size() : firstHead;
        bracket(g, 0, split, "invertible feature stage", "(certified inverse: input " + rows.get(0).shape() + ")");
        if (split < rows.size()) {
            bracket(g, split, rows.size(), "classifier head", "(not inverted)");
        }
        g.dispose();
        try {
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void bracket(Graphics2D g, int from, int to, String label, String detail) {
        int x = LEFT + BOX_W + 14;
        int y0 = TOP + from * (BOX_H + GAP);
        int y1 = TOP + to * (BOX_H + GAP) - GAP;
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, y0, x + 8, y0);
        g.drawLine(x + 8, y0, x + 8, y1);
        g.drawLine(x, y1, x + 8, y1);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(label, x + 16, (y0 + y1) / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(detail, x + 16, (y0 + y1) / 2 + 16);
    }

    /** One line on what the figure shows, from its CSV. */
    public static String reading(Table t) {
        List<List<String>> stage = t.where("invertible", "true").rows();
        List<String> top = stage.get(stage.size() - 1);
        int name = t.header().indexOf("vertex");
        int shape = t.header().indexOf("output_shape");
        long stageParams = t.where("invertible", "true").column("params").stream().mapToLong(Long::parseLong).sum();
        long all = t.column("params").stream().mapToLong(Long::parseLong).sum();
        return String.format(Locale.ROOT, "**Reading.** %s: the first %d vertices (green, the input included) are "
                        + "invertible and map the %s input to the %s = %d numbers at %s, with %d of the %d "
                        + "parameters; the head (grey) classifies from there and is not inverted.",
                t.column("model").get(0), stage.size(), stage.get(0).get(shape), top.get(shape),
                size(top.get(shape)), top.get(name), stageParams, all);
    }

    private static long size(String shape) {
        long n = 1;
        for (String d : shape.split(" x ")) {
            n *= Long.parseLong(d.strip());
        }
        return n;
    }
}
