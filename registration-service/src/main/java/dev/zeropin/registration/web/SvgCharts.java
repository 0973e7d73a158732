package dev.zeropin.registration.web;

import dev.zeropin.registration.service.ConsoleFigures.Minute;
import dev.zeropin.registration.service.ConsoleFigures.NasFigures;
import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG drawn on the server from numbers: no chart library, no script, no inline
 * style (presentation attributes only), every label escaped.
 */
final class SvgCharts {

    private SvgCharts() {}

    /** Logins per minute over the last hour: accepted (bars) and rejected (bars below). */
    static String loginsPerMinute(List<Minute> minutes, String title) {
        int width = 600;
        int height = 160;
        long max = Math.max(
                1,
                minutes.stream()
                        .mapToLong(m -> Math.max(m.accepted(), m.rejected()))
                        .max()
                        .orElse(1));
        double barWidth = (double) width / Math.max(1, minutes.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height + 20)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\" class=\"chart\"><title>")
                .append(escape(title))
                .append("</title>");
        svg.append("<line x1=\"0\" y1=\"").append(height / 2).append("\" x2=\"").append(width);
        svg.append("\" y2=\"").append(height / 2).append("\" stroke=\"#d0d7de\"/>");
        for (int i = 0; i < minutes.size(); i++) {
            Minute minute = minutes.get(i);
            double x = i * barWidth;
            double up = (height / 2.0 - 4) * minute.accepted() / max;
            double down = (height / 2.0 - 4) * minute.rejected() / max;
            if (minute.accepted() > 0) {
                svg.append(rect(x + 1, height / 2.0 - up, barWidth - 2, up, "#1a7f37"));
            }
            if (minute.rejected() > 0) {
                svg.append(rect(x + 1, height / 2.0, barWidth - 2, down, "#b42318"));
            }
        }
        svg.append("<text x=\"0\" y=\"")
                .append(height + 16)
                .append("\" font-size=\"12\" fill=\"#59636e\">-60 min</text>");
        svg.append("<text x=\"").append(width).append("\" y=\"").append(height + 16);
        svg.append("\" font-size=\"12\" fill=\"#59636e\" text-anchor=\"end\">now</text>");
        svg.append("<text x=\"4\" y=\"14\" font-size=\"12\" fill=\"#59636e\">max ")
                .append(max)
                .append("/min</text>");
        return svg.append("</svg>").toString();
    }

    /** Accepts, rejects and drops per NAS as stacked horizontal bars. */
    static String perNas(List<NasFigures> nas, String title) {
        int width = 600;
        int row = 28;
        int labelWidth = 180;
        long max = Math.max(
                1,
                nas.stream()
                        .mapToLong(n -> n.accepted() + n.rejected() + n.dropped())
                        .max()
                        .orElse(1));
        int height = Math.max(row, nas.size() * row);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\" class=\"chart\"><title>")
                .append(escape(title))
                .append("</title>");
        for (int i = 0; i < nas.size(); i++) {
            NasFigures figures = nas.get(i);
            double y = i * row + 4;
            double scale = (double) (width - labelWidth - 8) / max;
            double x = labelWidth;
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\" fill=\"#1b1f24\">");
            svg.append(escape(figures.nasName())).append("</text>");
            for (Object[] part : new Object[][] {
                {figures.accepted(), "#1a7f37"}, {figures.rejected(), "#b42318"}, {figures.dropped(), "#8c959f"}
            }) {
                double w = ((Long) part[0]) * scale;
                if (w > 0) {
                    svg.append(rect(x, y, w, row - 10, (String) part[1]));
                    x += w;
                }
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x,
                y,
                Math.max(0, w),
                Math.max(0, h),
                fill);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
