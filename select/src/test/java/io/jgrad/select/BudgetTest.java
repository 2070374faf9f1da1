package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void parsesCommandLineDurations() {
        assertEquals(Duration.ofSeconds(90), Budget.parseDuration("90s"));
        assertEquals(Duration.ofSeconds(45), Budget.parseDuration("45"));
        assertEquals(Duration.ofMinutes(10), Budget.parseDuration("10m"));
        assertEquals(Duration.ofMinutes(10), Budget.parseDuration("10 min"));
        assertEquals(Duration.ofMinutes(90), Budget.parseDuration("1.5h"));
        assertEquals(Duration.ofMillis(250), Budget.parseDuration("250ms"));
    }

    @Test
    void rejectsUnreadableDurationsNamingTheText() {
        var e = assertThrows(IllegalArgumentException.class, () -> Budget.parseDuration("ten minutes"));
        assertTrue(e.getMessage().contains("'ten minutes'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Budget.parseDuration("-5m"));
        assertThrows(IllegalArgumentException.class, () -> Budget.parseDuration("0.1ms"));
        assertThrows(IllegalArgumentException.class, () -> Budget.parseDuration(null));
    }

    @Test
    void printsTimesInUnitsThatShowThem() {
        assertEquals("75 s", Budget.readableSeconds(75.4));
        assertEquals("10 s", Budget.readableSeconds(10));
        assertEquals("2.5 s", Budget.readableSeconds(2.46));
        assertEquals("0.1 s", Budget.readableSeconds(0.1));
        assertEquals("9.5 ms", Budget.readableSeconds(0.0095)); // a millisecond budget's epoch, not "0.0 s"
        assertEquals("0.1 ms", Budget.readableSeconds(1e-4));
        assertEquals("42.3 us", Budget.readableSeconds(4.23e-5)); // a small model's training step, not "0.0 ms"
        assertEquals("0.0 us", Budget.readableSeconds(0));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Budget.of(Duration.ZERO));
        var e = assertThrows(IllegalArgumentException.class, () -> Budget.unlimited().withMaxParameters(0));
        assertTrue(e.getMessage().contains("maxParameters"), e.getMessage());
    }

    @Test
    void withersChangeOneLimit() {
        Budget b = Budget.of(Duration.ofMinutes(5)).withMaxParameters(1000).withMaxLatency(Duration.ofMillis(2));
        assertEquals(Duration.ofMinutes(5), b.wallClock());
        assertEquals(1000, b.maxParameters());
        assertEquals(Long.MAX_VALUE, b.maxMemoryBytes());
        assertEquals(2_000_000, b.maxLatencyNanos());
    }
}
