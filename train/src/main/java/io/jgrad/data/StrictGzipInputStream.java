package io.jgrad.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip data (RFC 1952) strictly, for data files: one or more gzip members back to back and nothing
 * else. Unlike {@link java.util.zip.GZIPInputStream}, which ignores bytes after the last member that do not start a
 * new one, trailing bytes are an error, and every failure (a truncated stream, corrupt data, a CRC or length that does
 * not match) is a {@link DataFileException} naming the file and the byte offset in it.
 */
final class StrictGzipInputStream extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xE0;

    private final PushbackInputStream in;
    private final String source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[1 << 16];
    private int fed; // bytes of buffer last handed to the inflater
    private long position; // offset in the file of the next byte not yet taken from `in`
    private long memberStart, memberSize;
    private boolean finished;

    /** Reads the first member's header. */
    StrictGzipInputStream(InputStream compressed, String source) throws IOException {
        this.in = new PushbackInputStream(compressed, buffer.length);
        this.source = source;
        readHeader(true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!finished) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new DataFileException(source + ": corrupt gzip data in the member that starts at byte "
                        + memberStart + " (" + e.getMessage() + ")", e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsInput()) {
                fed = in.read(buffer);
                if (fed < 0) {
                    throw new DataFileException(source + ": gzip data ends at byte " + position
                            + ", inside the compressed member that starts at byte " + memberStart
                            + " (the file is truncated)");
                }
                position += fed;
                inflater.setInput(buffer, 0, fed);
            } else {
                throw new DataFileException(source + ": corrupt gzip data in the member that starts at byte "
                        + memberStart + " (it asks for a preset dictionary)");
            }
        }
        return -1;
    }

    /** Checks the member's trailer, then reads the next member's header, or ends the stream at the end of the file. */
    private void endMember() throws IOException {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            in.unread(buffer, fed - remaining, remaining);
            position -= remaining;
        }
        long crcValue = readInt("the gzip trailer"), size = readInt("the gzip trailer");
        if (crcValue != crc.getValue()) {
            throw new DataFileException(source + ": corrupt gzip data: the CRC of the member that starts at byte "
                    + memberStart + " does not match its data");
        }
        if (size != (memberSize & 0xFFFFFFFFL)) {
            throw new DataFileException(source + ": corrupt gzip data: the member that starts at byte " + memberStart
                    + " holds " + memberSize + " bytes but its trailer says " + size + " (mod 2^32)");
        }
        int next = in.read();
        if (next < 0) {
            finished = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        memberSize = 0;
        readHeader(false);
    }

    private void readHeader(boolean first) throws IOException {
        memberStart = position;
        int id1 = in.read(), id2 = in.read();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new DataFileException(source + (first ? ": not gzip data (no gzip magic at byte 0)"
                    : ": trailing bytes after the gzip data, at byte " + memberStart));
        }
        position += 2;
        int method = readByte(), flags = readByte();
        if (method != 8) {
            throw new DataFileException(source + ": corrupt gzip header at byte " + memberStart
                    + ": compression method " + method + " is not deflate (8)");
        }
        if ((flags & RESERVED) != 0) {
            throw new DataFileException(source + ": corrupt gzip header at byte " + memberStart
                    + ": reserved flags are set");
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) skip(readByte() | readByte() << 8);
        if ((flags & FNAME) != 0) skipZeroTerminated();
        if ((flags & FCOMMENT) != 0) skipZeroTerminated();
        if ((flags & FHCRC) != 0) skip(2);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new DataFileException(source + ": gzip data ends at byte " + position
                    + ", inside the header of the member that starts at byte " + memberStart
                    + " (the file is truncated)");
        }
        position++;
        return b;
    }

    /** A little-endian 32-bit value as a non-negative long. */
    private long readInt(String where) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new DataFileException(source + ": gzip data ends at byte " + position + ", inside " + where
                        + " of the member that starts at byte " + memberStart + " (the file is truncated)");
            }
            position++;
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) readByte();
    }

    private void skipZeroTerminated() throws IOException {
        while (readByte() != 0) {
            // the file name or comment
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
