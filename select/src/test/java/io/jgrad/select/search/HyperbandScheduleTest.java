package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperbandScheduleTest {

    /** Each bracket as "n_0@r_0 n_1@r_1 ...". */
    private static List<String> table(HyperbandSchedule schedule) {
        List<String> rows = new ArrayList<>();
        for (HyperbandSchedule.Bracket b : schedule.brackets()) {
            StringBuilder row = new StringBuilder("s=" + b.s() + ":");
            for (HyperbandSchedule.Rung r : b.rungs()) {
                row.append(' ').append(r.configurations()).append('@').append(Configuration.readable(r.resource()));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    @Test
    void matchesThePapersTableForR81AndEta3() {
        // Li et al. 2017, Table 1 (R = 81, eta = 3)
        assertEquals(List.of(
                "s=4: 81@1 27@3 9@9 3@27 1@81",
                "s=3: 34@3 11@9 3@27 1@81",
                "s=2: 15@9 5@27 1@81",
                "s=1: 8@27 2@81",
                "s=0: 5@81"), table(HyperbandSchedule.of(81, 1, 3)));
    }

    @Test
    void followsAlgorithmOneForOtherSettings() {
        // R = 8, eta = 2: s_max = 3, B = 32; n = ceil(4 * 2^s / (s + 1))
        assertEquals(List.of(
                "s=3: 8@1 4@2 2@4 1@8",
                "s=2: 6@2 3@4 1@8",
                "s=1: 4@4 2@8",
                "s=0: 4@8"), table(HyperbandSchedule.of(8, 1, 2)));
        // R = 27 epochs with a minimum of 3: s_max = 2 (3 * 3^2 = 27), B = 3R
        assertEquals(List.of(
                "s=2: 9@3 3@9 1@27",
                "s=1: 5@9 1@27",
                "s=0: 3@27"), table(HyperbandSchedule.of(27, 3, 3)));
        // R not a power of eta: s_max = floor(log_3 30) = 3, resources R * 3^-s
        assertEquals("s=3: 27@1.111 9@3.333 3@10 1@30", table(HyperbandSchedule.of(30, 1, 3)).getFirst());
        assertEquals(List.of("s=0: 1@1"), table(HyperbandSchedule.of(1, 1, 3)));
    }

    @Test
    void countsTrialsAndResource() {
        HyperbandSchedule s = HyperbandSchedule.of(81, 1, 3);
        assertEquals(121 + 49 + 21 + 10 + 5, s.trials());
        // per bracket: 405, 4*81 + 34*3 - 102... computed rung by rung
        double expected = (81 * 1 + 27 * 3 + 9 * 9 + 3 * 27 + 81) + (34 * 3 + 11 * 9 + 3 * 27 + 81)
                + (15 * 9 + 5 * 27 + 81) + (8 * 27 + 2 * 81) + 5 * 81;
        assertEquals(expected, s.resourceRestarting(), 1e-9);
    }

    @Test
    void successiveHalvingIsOneBracket() {
        assertEquals(List.of("s=4: 81@1 27@3 9@9 3@27 1@81"),
                table(Hyperband.successiveHalving(3).schedule(81)));
        assertEquals(List.of("s=3: 20@1 10@2 5@4 2@8"),
                table(Hyperband.successiveHalving(2, 1, 20).schedule(8)));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> HyperbandSchedule.of(81, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> HyperbandSchedule.of(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Hyperband.hyperband(3, 0, 1));
    }
}
