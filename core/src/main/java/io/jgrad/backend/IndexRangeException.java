package io.jgrad.backend;

/**
 * An index value outside [0, size) met by an index kernel ({@code gather}, {@code indexSelect}, {@code scatterAdd}).
 * Carries the details so that callers can restate the error in their own terms (a loss names the label).
 */
public final class IndexRangeException extends IndexOutOfBoundsException {
    private final String op;
    private final long value;
    private final long position;
    private final int axis;
    private final int size;

    /** {@code value} at flat {@code position} of the index of {@code op}, for dimension {@code axis} of {@code size}. */
    public IndexRangeException(String op, long value, long position, int axis, int size) {
        super(op + ": index " + value + " (at flat position " + position + ") is out of range for dimension " + axis
                + " of size " + size);
        this.op = op;
        this.value = value;
        this.position = position;
        this.axis = axis;
        this.size = size;
    }

    public String op() { return op; }

    /** The offending index value. */
    public long value() { return value; }

    /** Its position in the index tensor, counted in row-major order. */
    public long position() { return position; }

    public int axis() { return axis; }

    public int size() { return size; }

    /** The same error reported for another op and axis (e.g. oneHot, which scatters along a new last axis). */
    public IndexRangeException as(String otherOp, int otherAxis) {
        IndexRangeException e = new IndexRangeException(otherOp, value, position, otherAxis, size);
        e.initCause(this);
        return e;
    }
}
