package io.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DateTranslationTest {

    @Test
    void writesEachFormat() {
        LocalDate date = LocalDate.of(1997, 3, 4); // a Tuesday
        String[] expected = {"4 march 1997", "March 4, 1997", "4 mar 1997", "Mar 4 1997",
            "tuesday, march 4th 1997", "Tue, 4 Mar 1997", "the 4th of march 1997", "1997/3/4", "1997.03.04",
            "19970304", "4-mar-1997", "MARCH 4 1997", "4th march, 1997", "04 Mar 1997"};
        assertEquals(DateTranslation.FORMATS, expected.length);
        for (int f = 0; f < expected.length; f++) {
            assertEquals(expected[f], DateTranslation.write(date, f), "format " + f);
        }
        assertEquals("the 11th of may 2011", DateTranslation.write(LocalDate.of(2011, 5, 11), 6));
        assertEquals("the 22nd of may 2011", DateTranslation.write(LocalDate.of(2011, 5, 22), 6));
        assertEquals("the 31st of may 2011", DateTranslation.write(LocalDate.of(2011, 5, 31), 6));
        assertThrows(IllegalArgumentException.class, () -> DateTranslation.write(date, DateTranslation.FORMATS));
    }

    @Test
    void partsAreReproducibleAndShareNoDate() {
        var a = DateTranslation.split(500, 100, 200, 7);
        var b = DateTranslation.split(500, 100, 200, 7);
        assertEquals(a, b);
        assertEquals(500, a.train().size());
        assertEquals(100, a.validation().size());
        assertEquals(200, a.test().size());
        Set<String> seen = new HashSet<>();
        a.train().forEach(p -> assertTrue(seen.add(p.target())));
        a.validation().forEach(p -> assertTrue(seen.add(p.target())));
        a.test().forEach(p -> assertTrue(seen.add(p.target()), "test date " + p.target() + " seen before"));
        for (var p : a.test()) {
            assertEquals(10, p.target().length());
            LocalDate.parse(p.target());
        }
        assertTrue(!a.equals(DateTranslation.split(500, 100, 200, 8)));
    }

    @Test
    void refusesImpossibleSizes() {
        var e = assertThrows(IllegalArgumentException.class, () -> DateTranslation.split(80_000, 0, 1, 1));
        assertTrue(e.getMessage().contains("only 73049 dates"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DateTranslation.split(0, 0, 1, 1));
    }
}
