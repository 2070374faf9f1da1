package io.jgrad.cuda;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * JavaCPP pointer objects for raw device addresses (the bindings take {@link Pointer}s; jgrad keeps addresses as
 * longs). They own nothing: closing or collecting them frees no memory.
 */
final class DevicePointers {
    private DevicePointers() {}

    static Pointer at(long address) { return new Address(address); }

    static FloatPointer floatsAt(long address) { return new Floats(address); }

    static DoublePointer doublesAt(long address) { return new Doubles(address); }

    private static final class Address extends Pointer {
        Address(long address) { this.address = address; }
    }

    private static final class Floats extends FloatPointer {
        Floats(long address) {
            super((Pointer) null);
            this.address = address;
        }
    }

    private static final class Doubles extends DoublePointer {
        Doubles(long address) {
            super((Pointer) null);
            this.address = address;
        }
    }
}
