package io.jgrad;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AutocastTest {
    @Test
    void scopesNestAndRestoreThePreviousPrecision() {
        assertEquals(Autocast.Precision.F32, Autocast.current());
        try (Autocast outer = Autocast.enable(Autocast.Precision.BF16)) {
            assertEquals(Autocast.Precision.BF16, Autocast.current());
            try (Autocast inner = Autocast.enable(Autocast.Precision.F16)) {
                assertEquals(Autocast.Precision.F16, Autocast.current());
            }
            assertEquals(Autocast.Precision.BF16, Autocast.current());
            outer.close();
            outer.close(); // a second close changes nothing
            assertEquals(Autocast.Precision.F32, Autocast.current());
        }
        assertEquals(Autocast.Precision.F32, Autocast.current());
    }

    @Test
    void thePrecisionBelongsToTheThread() throws InterruptedException {
        try (Autocast ignored = Autocast.enable(Autocast.Precision.BF16)) {
            AtomicReference<Autocast.Precision> seen = new AtomicReference<>();
            Thread other = new Thread(() -> seen.set(Autocast.current()));
            other.start();
            other.join();
            assertEquals(Autocast.Precision.F32, seen.get());
        }
    }

    @Test
    void closingOnAnotherThreadIsRefused() throws InterruptedException {
        Autocast scope = Autocast.enable(Autocast.Precision.F16);
        try {
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    scope.close();
                } catch (Throwable t) {
                    error.set(t);
                }
            });
            other.start();
            other.join();
            assertEquals(IllegalStateException.class, error.get().getClass());
        } finally {
            scope.close();
        }
        assertThrows(IllegalArgumentException.class, () -> Autocast.enable(null));
    }
}
