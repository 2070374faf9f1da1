package io.jgrad.data.text;

import io.jgrad.Generator;
import io.jgrad.data.DataFileException;
import io.jgrad.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Named UTF-8 documents (usually one per file) read strictly ({@link TextFiles}), with deterministic held-out splits:
 * by whole files ({@link #splitByFile}) or by the tail of every document ({@link #splitTail}).
 *
 * <p>{@link #readDirectory} takes a directory's regular files, not its subdirectories, symbolic links, hidden files
 * or {@code .dat} files. For Debian's {@code fortunes} package ({@link #FORTUNES_DIR}) that is exactly the fortune
 * text files: the {@code .dat} files there are the binary indexes of {@code strfile}, and the {@code .u8} names are
 * symbolic links to the same texts (and, where installed, the links to the offensive collections in {@code off/}).
 *
 * @param documents the documents, in order
 */
public record TextCorpus(List<Document> documents) {
    /** Where Debian's {@code fortunes} package puts its text ({@code sudo apt-get install fortunes}). */
    public static final Path FORTUNES_DIR = Path.of("/usr/share/games/fortunes");

    /**
     * One document.
     *
     * @param name its file name (unique in a corpus)
     * @param text its text
     */
    public record Document(String name, String text) {}

    /** A training part and a held-out part. */
    public record Split(TextCorpus train, TextCorpus heldOut) {}

    /** Copies the list; names must be distinct. */
    public TextCorpus {
        documents = List.copyOf(documents);
        Set<String> names = new HashSet<>();
        for (Document d : documents) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("corpus: two documents are named '" + Json.printable(d.name()) + "'");
            }
        }
    }

    /**
     * The regular files of {@code dir} (see the class comment), in file-name order, each read as strict UTF-8.
     *
     * @throws DataFileException if the directory has no such file or holds only empty ones, or a file is not valid
     *                           UTF-8 (naming the file and byte offset)
     * @throws NoSuchFileException if {@code dir} is not a directory
     */
    public static TextCorpus readDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            String hint = dir.equals(FORTUNES_DIR) ? " (install Debian's fortunes package: sudo apt-get install fortunes)"
                    : "";
            throw new NoSuchFileException(dir.toString(), null, "not a directory" + hint);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(TextCorpus::isTextFile).sorted().toList();
        }
        List<Document> docs = new ArrayList<>();
        for (Path f : files) docs.add(new Document(f.getFileName().toString(), TextFiles.readUtf8(f)));
        TextCorpus corpus = new TextCorpus(docs);
        if (corpus.length() == 0) {
            throw new DataFileException(dir + ": no text: " + (files.isEmpty() ? "no regular files other than .dat"
                    + " indexes, links and hidden files" : "its " + files.size() + " files are empty"));
        }
        return corpus;
    }

    private static boolean isTextFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !name.startsWith(".") && !name.endsWith(".dat");
    }

    /** The documents' names, in order. */
    public List<String> names() { return documents.stream().map(Document::name).toList(); }

    /** Every document's text, concatenated in order (nothing is inserted between them). */
    public String text() {
        StringBuilder sb = new StringBuilder(Math.toIntExact(Math.min(Integer.MAX_VALUE, charCount())));
        for (Document d : documents) sb.append(d.text());
        return sb.toString();
    }

    /** The number of code points in all documents. */
    public long length() {
        long n = 0;
        for (Document d : documents) n += d.text().codePointCount(0, d.text().length());
        return n;
    }

    private long charCount() {
        long n = 0;
        for (Document d : documents) n += d.text().length();
        return n;
    }

    /**
     * The documents named in {@code heldOut} as the held-out part, the others for training (order kept).
     *
     * @throws IllegalArgumentException if a name is not a document, or either part would be empty
     */
    public Split splitByFile(Collection<String> heldOut) {
        Set<String> names = new HashSet<>(names());
        for (String n : heldOut) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("corpus split: no document is named '" + Json.printable(n) + "'");
            }
        }
        List<Document> train = new ArrayList<>(), held = new ArrayList<>();
        for (Document d : documents) (heldOut.contains(d.name()) ? held : train).add(d);
        if (train.isEmpty() || held.isEmpty()) {
            throw new IllegalArgumentException("corpus split: holding out " + held.size() + " of " + documents.size()
                    + " documents leaves a part empty");
        }
        return new Split(new TextCorpus(train), new TextCorpus(held));
    }

    /**
     * {@code round(fraction * documents)} documents (at least one), drawn by a seeded shuffle, as the held-out part:
     * the same seed gives the same split on every run.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1), or the corpus has fewer than two documents
     */
    public Split splitByFile(double fraction, long seed) {
        checkFraction(fraction);
        int n = documents.size();
        if (n < 2) throw new IllegalArgumentException("corpus split: a split by file needs two documents or more, the"
                + " corpus has " + n);
        int held = Math.clamp(Math.round(fraction * n), 1, n - 1);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = g.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < held; i++) chosen.add(documents.get(order[i]).name());
        return splitByFile(chosen);
    }

    /**
     * The last {@code fraction} of every document's code points (rounded down) as the held-out part, the rest for
     * training; the documents keep their names in both parts.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1), or a part would have no text
     */
    public Split splitTail(double fraction) {
        checkFraction(fraction);
        List<Document> train = new ArrayList<>(), held = new ArrayList<>();
        for (Document d : documents) {
            String t = d.text();
            int cps = t.codePointCount(0, t.length());
            int cut = t.offsetByCodePoints(0, cps - (int) Math.floor(cps * fraction));
            train.add(new Document(d.name(), t.substring(0, cut)));
            held.add(new Document(d.name(), t.substring(cut)));
        }
        Split split = new Split(new TextCorpus(train), new TextCorpus(held));
        if (split.train().length() == 0 || split.heldOut().length() == 0) {
            throw new IllegalArgumentException("corpus split: a tail of " + fraction + " of " + length()
                    + " characters leaves a part empty");
        }
        return split;
    }

    private static void checkFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("corpus split: the held-out fraction must be in (0, 1), got " + fraction);
        }
    }
}
