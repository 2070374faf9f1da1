package io.jgrad.train;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HistoryTest {
    private static History sample() {
        History h = new History();
        Map<String, Double> r1 = new LinkedHashMap<>();
        r1.put("epoch", 1.0);
        r1.put("loss", 0.75);
        r1.put("val_loss", Double.NaN);
        h.add(r1);
        Map<String, Double> r2 = new LinkedHashMap<>();
        r2.put("epoch", 2.0);
        r2.put("loss", 0.125);
        r2.put("accuracy", 0.9);
        h.add(r2);
        return h;
    }

    @Test
    void csvHasAHeaderOfAllColumnsAndEmptyCellsForMissingValues() {
        assertEquals("epoch,loss,val_loss,accuracy\n1,0.75,,\n2,0.125,,0.9\n", sample().toCsv());
    }

    @Test
    void jsonWritesNullForNaNAndReadsBack() {
        String json = sample().toJson();
        assertEquals("{\"epochs\": [\n  {\"epoch\": 1, \"loss\": 0.75, \"val_loss\": null},\n  {\"epoch\": 2, \"loss\": 0.125, \"accuracy\": 0.9}\n]}\n", json);
        History back = History.fromJson(json);
        assertEquals(2, back.size());
        assertTrue(back.epochs().get(0).get("val_loss").isNaN());
        assertEquals(0.9, back.last().get("accuracy"));
        assertEquals(0, History.fromJson(new History().toJson()).size());
    }

    @Test
    void columnsGiveNaNWhereAnEpochLacksAValue() {
        double[] acc = sample().column("accuracy");
        assertTrue(Double.isNaN(acc[0]));
        assertEquals(0.9, acc[1]);
    }

    @Test
    void longAndOddKeysRoundTrip() {
        History h = new History();
        Map<String, Double> row = new LinkedHashMap<>();
        String longKey = "k".repeat(3000), oddKey = "a\"b\\c\nd\u0000e";
        row.put(longKey, 1.5);
        row.put(oddKey, -2e-7);
        h.add(row);
        History back = History.fromJson(h.toJson());
        assertEquals(row, back.last());
    }

    @Test
    void malformedHistoryGivesAClearError() {
        for (String bad : new String[] {"-", "1e", "[", "{\"epochs\": [{\"loss\": 1e}]}", "{\"epochs\": [{\"loss\": -}]}",
                "{\"epochs\": [{\"loss\": 0.5}", "{\"epochs\": [{\"loss\": 0.5}]} trailing"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> History.fromJson(bad), bad);
            assertTrue(e.getMessage().startsWith("history JSON is invalid: invalid JSON at character "), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> History.fromJson("{\"rows\": []}"));
        assertEquals("history JSON must be an object with an \"epochs\" array, got \"{\\\"rows\\\": []}\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> History.fromJson("\"[\""));
        assertEquals("history JSON must be an object with an \"epochs\" array, got \"\\\"[\\\"\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> History.fromJson("{\"epochs\": [3]}"));
        assertEquals("history JSON: epochs[0] is not an object", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> History.fromJson("{\"epochs\": [{\"loss\": 1}, {\"loss\": \"x\"}]}"));
        assertEquals("history JSON: epochs[1] value of \"loss\" is not a number or null", e.getMessage());
        // Deep nesting fails on the depth limit, not with a stack overflow.
        String deep = "{\"epochs\": [" + "[".repeat(100_000) + "]".repeat(100_000) + "]}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.fromJson(deep)).getMessage().contains("nesting"));
    }
}
