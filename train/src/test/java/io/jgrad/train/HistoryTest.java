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
}
