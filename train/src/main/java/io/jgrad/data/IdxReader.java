package io.jgrad.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed. Compression is detected from the
 * gzip magic bytes {@code 1f 8b}, not from the file name; gzip data is read strictly (bytes after the last gzip
 * member, a truncated stream or a CRC mismatch are errors naming the byte offset).
 *
 * <p>Layout: magic {@code 00 00 TT NN} (type TT, NN dimensions), NN big-endian 32-bit sizes, then the data.
 * Only unsigned bytes (TT = 0x08) are supported, which is what MNIST-like datasets use. The header is validated
 * before any data is read, and the data must be exactly as long as the dims say.
 */
public final class IdxReader {
    /** Magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 8;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Reads an image file (magic {@code 0x00000803}: count x rows x cols). */
    public static IdxArray readImages(Path path) throws IOException {
        return read(path, IMAGES_MAGIC);
    }

    /** Reads a label file (magic {@code 0x00000801}: count). */
    public static IdxArray readLabels(Path path) throws IOException {
        return read(path, LABELS_MAGIC);
    }

    /** Reads any unsigned-byte IDX file with 1 to {@value #MAX_DIMS} dimensions. */
    public static IdxArray read(Path path) throws IOException {
        return read(path, -1);
    }

    private static IdxArray read(Path path, int requiredMagic) throws IOException {
        if (Files.isDirectory(path)) {
            throw new DataFileException(path + ": is a directory, not an IDX file");
        }
        long fileSize = Files.size(path);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            file.mark(2);
            boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
            file.reset();
            InputStream in = gzip ? new StrictGzipInputStream(file, path + " (gzip)") : file;
            // For a raw file the exact size is known up front, so a truncated file is reported before reading.
            return read(in, path.toString() + (gzip ? " (gzip)" : ""), gzip ? -1 : fileSize, requiredMagic);
        }
    }

    /**
     * @param size          the stream's exact length if known, else -1
     * @param requiredMagic the magic number the caller expects, or -1 for any unsigned-byte IDX
     */
    private static IdxArray read(InputStream in, String source, long size, int requiredMagic) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magicBytes = data.readNBytes(4);
        if (magicBytes.length < 4) {
            throw new DataFileException(source + ": only " + magicBytes.length + " bytes, too short for an IDX header");
        }
        int magic = (magicBytes[0] & 0xFF) << 24 | (magicBytes[1] & 0xFF) << 16 | (magicBytes[2] & 0xFF) << 8 | (magicBytes[3] & 0xFF);
        int type = magicBytes[2] & 0xFF;
        int ndims = magicBytes[3] & 0xFF;
        if (magicBytes[0] != 0 || magicBytes[1] != 0) {
            throw new DataFileException(source + ": not an IDX file (magic " + hex(magic) + ", expected 0x0000TTNN)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(source + ": IDX element type " + String.format("0x%02X", type) + " (" + typeName(type)
                    + ") is not supported; only unsigned byte (0x08)");
        }
        if (requiredMagic >= 0 && magic != requiredMagic) {
            throw new DataFileException(source + ": magic " + hex(magic) + " (" + ndims + " dimensions), expected "
                    + hex(requiredMagic) + " (" + (requiredMagic & 0xFF) + " dimensions)");
        }
        if (ndims < 1 || ndims > MAX_DIMS) {
            throw new DataFileException(source + ": " + ndims + " dimensions; expected 1 to " + MAX_DIMS);
        }
        long headerBytes = 4L + 4L * ndims;
        if (size >= 0 && size < headerBytes) {
            throw new DataFileException(source + ": " + size + " bytes, too short for a header with " + ndims + " dimensions");
        }
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            try {
                dims[i] = data.readInt();
            } catch (EOFException e) {
                throw new DataFileException(source + ": header ends inside dimension " + i, e);
            }
            if (dims[i] <= 0) {
                throw new DataFileException(source + ": dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + (dims[i] < 0 ? " (too large)" : "") + "; dimensions must be positive");
            }
            count *= dims[i];
            if (count > MAX_ELEMENTS) {
                throw new DataFileException(source + ": dims " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + "... hold more than " + MAX_ELEMENTS + " elements");
            }
        }
        if (size >= 0 && size - headerBytes != count) {
            throw new DataFileException(source + ": dims " + Arrays.toString(dims) + " need " + count
                    + " data bytes but the file has " + (size - headerBytes)
                    + (size - headerBytes < count ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] values = readData(data, (int) count);
        if (values.length != count) {
            throw new DataFileException(source + ": dims " + Arrays.toString(dims) + " need " + count
                    + " data bytes but the file has " + values.length + " (truncated)");
        }
        if (data.read() >= 0) {
            throw new DataFileException(source + ": trailing bytes after the " + count + " data bytes that dims "
                    + Arrays.toString(dims) + " describe");
        }
        return new IdxArray(dims, values);
    }

    /**
     * Reads up to {@code count} bytes, growing the buffer as data arrives so that a header claiming more data
     * than the (compressed) file holds cannot force a huge allocation. (A truncated gzip stream fails in
     * {@link StrictGzipInputStream} with the byte offset.)
     *
     * @return the bytes read; shorter than {@code count} if the input ended early
     */
    private static byte[] readData(InputStream in, int count) throws IOException {
        byte[] buf = new byte[Math.min(count, 1 << 20)];
        int n = 0;
        while (n < count) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(count, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }
}
