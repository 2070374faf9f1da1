package io.jgrad.select.report;

import java.util.List;

/**
 * One part of a report as plain content, rendered by the Markdown and HTML writers alike.
 *
 * @param title      the heading
 * @param paragraphs sentences shown before the tables
 * @param tables     tables, each a header row then body rows
 * @param chart      which chart the HTML report draws in this section, or null
 */
record Section(String title, List<String> paragraphs, List<List<List<String>>> tables, Chart chart) {
    /** The charts an HTML report draws. */
    enum Chart { LEARNING_CURVES, CONVERGENCE, CONFUSION_MATRIX }

    Section {
        paragraphs = List.copyOf(paragraphs);
        tables = List.copyOf(tables);
    }
}
