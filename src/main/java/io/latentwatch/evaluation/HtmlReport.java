package io.latentwatch.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects key figures and charts, and writes them as one {@code index.html}. */
public final class HtmlReport {

    private final String title;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final Map<String, String> charts = new LinkedHashMap<>();
    private final StringBuilder tables = new StringBuilder();

    public HtmlReport(String title) {
        this.title = title;
    }

    /** Adds one key figure. */
    public HtmlReport figure(String name, Object value) {
        figures.put(name, String.valueOf(value));
        return this;
    }

    /** Adds a chart file, relative to the report folder, with a caption. */
    public HtmlReport chart(String file, String caption) {
        charts.put(file, caption);
        return this;
    }

    /** Adds a preformatted block, e.g. a Markdown table. */
    public HtmlReport text(String block) {
        tables.append("<pre>").append(escape(block)).append("</pre>\n");
        return this;
    }

    /** Writes {@code index.html} into {@code dir}. */
    public Path write(Path dir) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;max-width:900px;"
                                + "margin:2em auto}"
                                + "td,th{padding:2px 12px;text-align:left}"
                                + "img{max-width:100%}</style>"
                                + "</head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<table>\n");
        figures.forEach(
                (k, v) ->
                        html.append("<tr><th>")
                                .append(escape(k))
                                .append("</th><td>")
                                .append(escape(v))
                                .append("</td></tr>\n"));
        html.append("</table>\n").append(tables);
        charts.forEach(
                (file, caption) ->
                        html.append("<figure><img src=\"")
                                .append(escape(file))
                                .append("\" alt=\"")
                                .append(escape(caption))
                                .append("\"><figcaption>")
                                .append(escape(caption))
                                .append("</figcaption></figure>\n"));
        html.append("</body></html>\n");
        try {
            Files.createDirectories(dir);
            Path index = dir.resolve("index.html");
            Files.writeString(index, html.toString());
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + dir, e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
