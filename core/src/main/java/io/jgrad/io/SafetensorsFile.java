package io.jgrad.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A safetensors file held in memory: named tensors as raw bytes plus the optional string-to-string
 * {@code __metadata__} map. Compatible with Hugging Face's format: 8-byte little-endian header length N, N bytes
 * of UTF-8 JSON header, then the data section.
 *
 * <p>Reading validates the whole header before allocating tensor memory, following the reference
 * implementation: header inside the file, JSON starting with '{', no duplicate names, every entry with dtype, shape
 * and data_offsets, byte sizes equal to {@code product(shape) * dtype size} without overflow, and offsets that tile
 * the data section exactly (no holes, no overlaps, nothing left over). So that a small hostile header cannot exhaust
 * the heap, reading also bounds what the header may hold, each limit named in the error: at most
 * {@value #MAX_HEADER_SIZE} bytes of header, {@value #MAX_TENSORS} tensors, {@value #MAX_RANK} dimensions per
 * shape and {@value #MAX_STRING_LENGTH} characters per name or metadata string, and no header number is used to
 * size an allocation before it has been checked against the file's size. Any violation raises
 * {@link SafetensorsException}; names and values quoted in messages have control characters escaped.
 *
 * <p>Writing is byte-identical to the reference {@code serialize}: entries sorted by dtype alignment
 * (descending) then name, the header padded with spaces to a multiple of 8 bytes, and the file replaced
 * atomically through {@link AtomicFiles}. Metadata keys are written in sorted order.
 */
public final class SafetensorsFile {
    /** The reserved header key holding the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";
    /**
     * Largest header read or written, in bytes (32 MiB; the reference implementation allows 100 MB). Real headers
     * take about 120 bytes per tensor, so this holds {@link #MAX_TENSORS} tensors with room for metadata.
     */
    public static final long MAX_HEADER_SIZE = 32L << 20;
    /** Most tensors one file may hold ({@code 1 << 17} = 131,072). */
    public static final int MAX_TENSORS = 1 << 17;
    /** Most dimensions one tensor's shape may have. */
    public static final int MAX_RANK = 1024;
    /** Longest tensor name, metadata key or metadata value, in characters (16 Mi). */
    public static final int MAX_STRING_LENGTH = 16 << 20;
    /** What the header's JSON may hold: each entry has a dozen values at most besides its shape. */
    private static final Json.Limits HEADER_LIMITS = new Json.Limits(Json.MAX_DEPTH, MAX_STRING_LENGTH, MAX_RANK,
            MAX_TENSORS + 1, 16L * (MAX_TENSORS + 1) + MAX_RANK);
    /** Largest Java array the JVMs we run on allocate reliably. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Map<String, String> metadata;
    private final List<SafetensorsEntry> entries;
    private final Map<String, SafetensorsEntry> byName;

    /**
     * @param entries  the tensors, in the order {@link #entries()} should return them
     * @param metadata the {@code __metadata__} map; null or empty for none
     * @throws IllegalArgumentException if two entries share a name
     */
    public SafetensorsFile(Collection<SafetensorsEntry> entries, Map<String, String> metadata) {
        Map<String, SafetensorsEntry> map = new LinkedHashMap<>();
        for (SafetensorsEntry e : entries) {
            requireWellFormed(e.name(), "tensor name");
            if (map.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + e.name() + "'");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.entries = List.copyOf(map.values());
        Map<String, String> meta = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(SafetensorsFile::compareUtf8))
                    .forEach(e -> meta.put(requireWellFormed(e.getKey(), "metadata key"),
                            requireWellFormed(Objects.requireNonNull(e.getValue(),
                                    () -> "metadata value for key '" + e.getKey() + "' is null"), "metadata value")));
        }
        this.metadata = Collections.unmodifiableMap(meta);
    }

    /** Rejects strings with unpaired surrogates, which UTF-8 cannot encode (they would be silently replaced). */
    private static String requireWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " '" + s + "' contains an unpaired surrogate at index " + i);
            }
        }
        return s;
    }

    /** @return the tensors, in file order for a file that was read */
    public List<SafetensorsEntry> entries() {
        return entries;
    }

    /** @return the metadata map (unmodifiable, keys sorted); empty if the file has none */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return the tensor named {@code name}, if present */
    public Optional<SafetensorsEntry> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    // ---- reading ----

    /**
     * Reads and validates a safetensors file.
     *
     * @throws SafetensorsException if the file is malformed (the message names the entry or offset)
     * @throws IOException          if it cannot be read
     */
    public static SafetensorsFile read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new SafetensorsException(path + ": is a directory, not a safetensors file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SafetensorsException(path + ": file has " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = checkHeaderLength(lenBuf.getLong(0), size);
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            Layout layout = parseHeader(header.array(), size - 8 - n);
            List<SafetensorsEntry> entries = new ArrayList<>(layout.slots.size());
            for (Slot s : layout.slots) {
                ByteBuffer data = ByteBuffer.allocate(s.byteCount());
                readFully(ch, data, 8 + n + s.begin);
                entries.add(new SafetensorsEntry(s.name, s.dtype, s.shape, data.array()));
            }
            return new SafetensorsFile(entries, layout.metadata);
        } catch (SafetensorsException e) {
            throw e.getMessage().startsWith(path.toString()) ? e : new SafetensorsException(path + ": " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new SafetensorsException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a whole safetensors file held in memory.
     *
     * @throws SafetensorsException if the bytes are not a valid safetensors file
     */
    public static SafetensorsFile read(byte[] file) throws SafetensorsException {
        if (file.length < 8) {
            throw new SafetensorsException("file has " + file.length + " bytes, fewer than the 8-byte header length");
        }
        long n = checkHeaderLength(ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), file.length);
        Layout layout = parseHeader(Arrays.copyOfRange(file, 8, 8 + (int) n), file.length - 8 - n);
        List<SafetensorsEntry> entries = new ArrayList<>(layout.slots.size());
        for (Slot s : layout.slots) {
            int from = (int) (8 + n + s.begin);
            entries.add(new SafetensorsEntry(s.name, s.dtype, s.shape, Arrays.copyOfRange(file, from, from + s.byteCount())));
        }
        return new SafetensorsFile(entries, layout.metadata);
    }

    /** Checks the declared header length N against the limit and the file size; returns N. */
    private static long checkHeaderLength(long n, long fileSize) throws SafetensorsException {
        // n is an unsigned 64-bit value: a negative long means at least 2^63.
        if (n < 0 || n > MAX_HEADER_SIZE) {
            throw new SafetensorsException("header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_SIZE + " bytes");
        }
        if (8 + n > fileSize) {
            throw new SafetensorsException("header length " + n + " runs past the end of the file (" + fileSize
                    + " bytes, header would end at byte " + (8 + n) + ")");
        }
        return n;
    }

    /** One tensor's place in the data section. */
    private record Slot(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        int byteCount() {
            return (int) (end - begin); // validated to fit in parseHeader
        }
    }

    private record Layout(Map<String, String> metadata, List<Slot> slots) {
    }

    /** Decodes and validates the header against a data section of {@code dataLength} bytes. */
    private static Layout parseHeader(byte[] header, long dataLength) throws SafetensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException("header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new SafetensorsException("header does not start with '{'");
        }
        Object json;
        try {
            json = Json.parse(text, HEADER_LIMITS);
        } catch (JsonException e) {
            throw new SafetensorsException("invalid header JSON at character " + e.offset() + ": " + e.reason()
                    + limitNote(e.reason()), e);
        }
        if (!(json instanceof Map<?, ?> root)) {
            throw new SafetensorsException("header is not a JSON object"); // unreachable after the '{' check
        }
        if (root.size() > MAX_TENSORS + (root.containsKey(METADATA_KEY) ? 1 : 0)) {
            throw new SafetensorsException("header lists " + (root.size() - (root.containsKey(METADATA_KEY) ? 1 : 0))
                    + " tensors, more than the limit of " + MAX_TENSORS + " (SafetensorsFile.MAX_TENSORS)");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(e.getValue(), metadata);
            } else {
                slots.add(readSlot(name, e.getValue()));
            }
        }
        slots.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        long expectedBegin = 0;
        for (Slot s : slots) {
            if (s.begin > expectedBegin) {
                throw new SafetensorsException(tensor(s.name) + ": data_offsets start at " + s.begin
                        + " but the previous tensor ends at " + expectedBegin + " (hole in the data section)");
            }
            if (s.begin < expectedBegin) {
                throw new SafetensorsException(tensor(s.name) + ": data_offsets [" + s.begin + ", " + s.end
                        + "] overlap the previous tensor, which ends at " + expectedBegin);
            }
            expectedBegin = s.end;
        }
        if (expectedBegin != dataLength) {
            throw new SafetensorsException("tensors cover " + expectedBegin + " bytes but the data section has "
                    + dataLength + " bytes");
        }
        return new Layout(metadata, slots);
    }

    /** Which of this class's limits a JSON limit error stands for. */
    private static String limitNote(String reason) {
        if (!reason.endsWith("(the limit)")) {
            return "";
        }
        if (reason.startsWith("an array")) {
            return ": a shape has at most " + MAX_RANK + " dimensions (SafetensorsFile.MAX_RANK)";
        }
        if (reason.startsWith("an object")) {
            return ": a file holds at most " + MAX_TENSORS + " tensors (SafetensorsFile.MAX_TENSORS)";
        }
        if (reason.startsWith("a string")) {
            return ": names and metadata strings have at most " + MAX_STRING_LENGTH + " characters"
                    + " (SafetensorsFile.MAX_STRING_LENGTH)";
        }
        return "";
    }

    private static void readMetadata(Object value, Map<String, String> out) throws SafetensorsException {
        if (value == null) {
            return; // the reference accepts a null map as "no metadata"
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafetensorsException(METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new SafetensorsException(METADATA_KEY + " value for key '" + Json.printable((String) m.getKey())
                        + "' is " + describe(m.getValue()) + ", not a string");
            }
            out.put((String) m.getKey(), s);
        }
    }

    private static Slot readSlot(String name, Object value) throws SafetensorsException {
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafetensorsException(tensor(name) + ": header entry is not a JSON object");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafetensorsException(tensor(name) + ": missing or non-string 'dtype'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.fromName(dtypeName).orElseThrow(
                () -> new SafetensorsException(tensor(name) + ": unknown dtype '" + Json.printable(dtypeName) + "'"));
        long[] shape = nonNegativeInts(name, "shape", info.get("shape"), -1);
        long[] offsets = nonNegativeInts(name, "data_offsets", info.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new SafetensorsException(tensor(name) + ": data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        long expected;
        try {
            expected = SafetensorsEntry.byteSize(Json.printable(name), dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(e.getMessage());
        }
        if (end - begin != expected) {
            throw new SafetensorsException(tensor(name) + ": " + dtype + " shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        if (expected > MAX_ARRAY) {
            throw new SafetensorsException(tensor(name) + ": " + expected + " bytes exceed the largest Java array");
        }
        return new Slot(name, dtype, shape, begin, end);
    }

    /** How messages name a tensor: its name in quotes, with control characters escaped and a long name cut. */
    private static String tensor(String name) {
        return "tensor '" + Json.printable(name) + "'";
    }

    /** A JSON value as a message shows it: a number's literal, a string in quotes, or the kind of value. */
    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Json.JsonNumber n -> n.text().length() <= 40 ? n.text() : n.text().substring(0, 40) + "...";
            case String str -> "the string \"" + Json.printable(str) + "\"";
            case List<?> list -> "an array";
            case Map<?, ?> map -> "an object";
            default -> value.toString();
        };
    }

    /** Reads a JSON array of non-negative integers; {@code length < 0} means any length. */
    private static long[] nonNegativeInts(String name, String field, Object value, int length) throws SafetensorsException {
        if (!(value instanceof List<?> list)) {
            throw new SafetensorsException(tensor(name) + ": missing or non-array '" + field + "'");
        }
        if (length >= 0 && list.size() != length) {
            throw new SafetensorsException(tensor(name) + ": '" + field + "' must have " + length
                    + " elements, has " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            long v = list.get(i) instanceof Json.JsonNumber num ? num.asNonNegativeLong() : -1;
            if (v < 0) {
                throw new SafetensorsException(tensor(name) + ": '" + field + "' element " + i + " ("
                        + describe(list.get(i)) + ") is not a non-negative 64-bit integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException("file ended at byte " + p + " while reading (was it modified concurrently?)");
            }
            p += r;
        }
    }

    // ---- writing ----

    /**
     * Atomically writes {@code entries} and {@code metadata} to {@code path} (see {@link AtomicFiles}).
     *
     * @param metadata the {@code __metadata__} map; null or empty for none
     * @throws IllegalArgumentException if two entries share a name
     */
    public static void write(Path path, Collection<SafetensorsEntry> entries, Map<String, String> metadata) throws IOException {
        new SafetensorsFile(entries, metadata).write(path);
    }

    /** Atomically writes this file to {@code path}, replacing any previous file only once fully written. */
    public void write(Path path) throws IOException {
        List<SafetensorsEntry> order = writeOrder();
        byte[] header = header(order);
        AtomicFiles.write(path, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFiles.writeFully(ch, len);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            for (SafetensorsEntry e : order) {
                AtomicFiles.writeFully(ch, ByteBuffer.wrap(e.data()));
            }
        });
    }

    /**
     * @return the serialized file
     * @throws IllegalStateException if it exceeds the largest Java array (write to a path instead)
     */
    public byte[] toBytes() {
        List<SafetensorsEntry> order = writeOrder();
        byte[] header = header(order);
        long total = 8L + header.length;
        for (SafetensorsEntry e : order) {
            total += e.data().length;
        }
        if (total > MAX_ARRAY) {
            throw new IllegalStateException("serialized size " + total + " bytes exceeds the largest Java array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (SafetensorsEntry e : order) {
            out.put(e.data());
        }
        return out.array();
    }

    /** Reference order: dtype alignment descending, then name by UTF-8 bytes (Rust's string order). */
    private List<SafetensorsEntry> writeOrder() {
        List<SafetensorsEntry> order = new ArrayList<>(entries);
        order.sort(Comparator.comparing(SafetensorsEntry::dtype, Comparator.reverseOrder())
                .thenComparing(SafetensorsEntry::name, SafetensorsFile::compareUtf8));
        return order;
    }

    private byte[] header(List<SafetensorsEntry> order) {
        checkReadable(order);
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.writeString(sb, METADATA_KEY);
            sb.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.writeString(sb, m.getKey());
                sb.append(':');
                Json.writeString(sb, m.getValue());
            }
            sb.append('}');
        }
        long offset = 0;
        for (SafetensorsEntry e : order) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            Json.writeString(sb, e.name());
            sb.append(":{\"dtype\":\"").append(e.dtype().name()).append("\",\"shape\":[");
            long[] shape = e.shape();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : ",").append(shape[i]);
            }
            long end = offset + e.data().length;
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (json.length > MAX_HEADER_SIZE - 7) {
            throw new IllegalStateException("header of " + json.length + " bytes exceeds the " + MAX_HEADER_SIZE
                    + "-byte limit readers enforce");
        }
        int padded = (json.length + 7) / 8 * 8; // spaces keep every tensor 8-byte aligned
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** Refuses to write a file that {@link #read} would refuse for its limits (the size is checked in header). */
    private void checkReadable(List<SafetensorsEntry> order) {
        if (order.size() > MAX_TENSORS) {
            throw new IllegalStateException(order.size() + " tensors exceed the limit of " + MAX_TENSORS
                    + " that readers enforce (SafetensorsFile.MAX_TENSORS)");
        }
        for (SafetensorsEntry e : order) {
            if (e.shape().length > MAX_RANK) {
                throw new IllegalStateException(tensor(e.name()) + ": " + e.shape().length
                        + " dimensions exceed the limit of " + MAX_RANK + " that readers enforce (SafetensorsFile.MAX_RANK)");
            }
            checkLength(e.name(), "tensor name");
        }
        metadata.forEach((k, v) -> {
            checkLength(k, "metadata key");
            checkLength(v, "metadata value for key '" + Json.printable(k) + "'");
        });
    }

    private static void checkLength(String s, String what) {
        if (s.length() > MAX_STRING_LENGTH) {
            throw new IllegalStateException(what + " of " + s.length() + " characters exceeds the limit of "
                    + MAX_STRING_LENGTH + " that readers enforce (SafetensorsFile.MAX_STRING_LENGTH)");
        }
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
