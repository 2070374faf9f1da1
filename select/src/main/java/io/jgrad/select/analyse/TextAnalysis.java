package io.jgrad.select.analyse;

import io.jgrad.data.Preprocessing;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of a text task: one text column and the target. Texts become {@link WordTokenizer} ids, cut or
 * padded to the length that covers 95% of the texts (at most {@link AnalysisOptions#maxTextLength()}).
 */
final class TextAnalysis {
    private TextAnalysis() {
    }

    /** The text task; the vocabulary and the length come from the examples {@code fitRows}. */
    static PreparedData analyse(RawTable rows, ColumnProfile text, Target target, int[] fitRows,
                                AnalysisOptions options) {
        int c = rows.indexOf(text.name());
        List<String> texts = new ArrayList<>(rows.size());
        for (String[] row : rows.rows()) texts.add(RawTable.isMissing(row[c]) ? "" : row[c]);
        List<String> fitTexts = new ArrayList<>(fitRows.length);
        for (int r : fitRows) fitTexts.add(texts.get(r));
        WordTokenizer tokenizer = WordTokenizer.fit(fitTexts, options.maxVocabulary());
        int[] counts = texts.stream().mapToInt(t -> WordTokenizer.words(t).size()).toArray();
        int[] sorted = new int[fitRows.length];
        for (int i = 0; i < fitRows.length; i++) sorted[i] = counts[fitRows[i]];
        Arrays.sort(sorted);
        int p95 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1)];
        int length = Math.max(1, Math.min(options.maxTextLength(), p95));
        int longest = Arrays.stream(counts).max().orElse(0);
        long cut = Arrays.stream(counts).filter(n -> n > length).count();
        long empty = Arrays.stream(counts).filter(n -> n == 0).count();
        int vocabulary = WordTokenizer.fit(texts, Integer.MAX_VALUE).vocabulary().size();

        List<String> findings = new ArrayList<>();
        findings.add(String.format(Locale.ROOT, "%d texts in the column '%s': %.1f words on average, at most %d; %d"
                + " distinct words.", rows.size(), text.name(), Arrays.stream(counts).average().orElse(0),
                longest, vocabulary));
        findings.addAll(target.findings());
        findings.add("Texts are split into lower-case words and given ids from the " + tokenizer.vocabulary().size()
                + " most frequent words" + (fitRows.length < rows.size() ? " of the texts the preprocessing is fitted"
                + " on" : "") + " (other words share the unknown id), cut or padded to " + length + " ids"
                + (cut > 0 ? " (" + cut + " longer texts are cut)" : "") + ".");
        if (empty > 0) {
            findings.add(TableAnalysis.count(empty, "text") + " empty or missing: all padding.");
        }
        int duplicates = TableProfiler.duplicateRows(rows);
        if (duplicates > 0) {
            findings.add(TableAnalysis.count(duplicates, "example") + " (text and target) "
                    + (duplicates == 1 ? "repeats" : "repeat") + " an earlier one exactly.");
        }
        TextEncoding encoding = new TextEncoding(text.name(), tokenizer, length);
        TaskProfile profile = new TaskProfile(Modality.TEXT, target.task(), rows.size(), List.of(length),
                target.classNames(), target.imbalanceRatio(), findings, tokenizer.idCount());
        return new PreparedData(profile, encoding.encode(rows), target.tensor(), Preprocessing.of(length), encoding);
    }
}
