package im.load.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A minimal line chart as inline SVG, so the HTML report needs nothing from the network to be viewed.
 * Axes are linear in whatever x and y the caller passes (a percentile plot passes log-scaled x).
 */
final class Svg {

    /** A named line of (x, y) points. */
    record Series(String name, List<double[]> points, boolean dashed) {}

    static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"
    };

    private static final int W = 760, H = 420, L = 70, R = 170, T = 40, B = 55;

    private Svg() {}

    /**
     * @param xTicks x values to mark, labelled by {@code xLabel}
     * @param markers draw a dot at every point (a sweep's stages)
     */
    static String chart(
            String title,
            String xTitle,
            String yTitle,
            List<Series> series,
            double[] xTicks,
            DoubleFunction<String> xLabel,
            boolean markers) {
        double xMax = max(series, 0, xTicks), yMax = niceCeil(max(series, 1, null));
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                        + "font-family='sans-serif' font-size='12'>%n",
                W,
                H));
        s.append(text(W / 2.0, 22, title, "middle", 15));
        s.append(String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>%n",
                L,
                T,
                W - L - R,
                H - T - B));
        for (double xt : xTicks) {
            double x = px(xt, xMax);
            s.append(line(x, T, x, H - B, "#eee")).append(text(x, H - B + 16, xLabel.apply(xt), "middle", 11));
        }
        for (int k = 0; k <= 5; k++) {
            double v = yMax * k / 5, y = py(v, yMax);
            s.append(line(L, y, W - R, y, "#eee")).append(text(L - 6, y + 4, fmt(v), "end", 11));
        }
        s.append(text((L + W - R) / 2.0, H - 12, xTitle, "middle", 12));
        s.append(String.format(
                Locale.ROOT,
                "<text x='16' y='%.1f' transform='rotate(-90 16 %.1f)' " + "text-anchor='middle'>%s</text>%n",
                (T + H - B) / 2.0,
                (T + H - B) / 2.0,
                esc(yTitle)));
        for (int i = 0; i < series.size(); i++) {
            s.append(path(series.get(i), COLORS[i % COLORS.length], xMax, yMax, markers));
            double ly = T + 14 + i * 18;
            s.append(line(W - R + 10, ly - 4, W - R + 30, ly - 4, COLORS[i % COLORS.length]))
                    .append(text(W - R + 35, ly, series.get(i).name(), "start", 11));
        }
        return s.append("</svg>\n").toString();
    }

    private static String path(Series sr, String color, double xMax, double yMax, boolean markers) {
        StringBuilder d = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (double[] p : sr.points()) {
            if (Double.isNaN(p[1])) {
                continue;
            }
            double x = px(p[0], xMax), y = py(Math.min(p[1], yMax), yMax);
            d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            if (markers) {
                dots.append(
                        String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s'/>%n", x, y, color));
            }
        }
        return String.format(
                "<path d='%s' fill='none' stroke='%s' stroke-width='2'%s/>%n%s",
                d, color, sr.dashed() ? " stroke-dasharray='6 4'" : "", dots);
    }

    private static double max(List<Series> series, int axis, double[] ticks) {
        double m = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (!Double.isNaN(p[axis])) {
                    m = Math.max(m, p[axis]);
                }
            }
        }
        if (ticks != null) {
            for (double t : ticks) {
                m = Math.max(m, t);
            }
        }
        return m <= 0 ? 1 : m;
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code v}. */
    static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double px(double x, double xMax) {
        return L + x / xMax * (W - L - R);
    }

    private static double py(double y, double yMax) {
        return H - B - y / yMax * (H - T - B);
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(
                Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'/>%n", x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String t, String anchor, int size) {
        return String.format(
                Locale.ROOT,
                "<text x='%.1f' y='%.1f' text-anchor='%s' font-size='%d'>%s</text>%n",
                x,
                y,
                anchor,
                size,
                esc(t));
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
