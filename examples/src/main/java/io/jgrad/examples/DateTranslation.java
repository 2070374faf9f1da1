package io.jgrad.examples;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The seq2seq trainer's task: a calendar date written one of many ways ({@code "tuesday, march 4th 1997"},
 * {@code "4 Mar 1997"}, {@code "1997/3/4"}, ...) translated into ISO form ({@code "1997-03-04"}). Dates run from
 * 1900-01-01 to 2099-12-31. Every format names the month or puts the year first, so no source is ambiguous between
 * day-month and month-day orders.
 *
 * <p>{@link #split} keeps the three parts apart by date, not by string: a date in the test part appears in no
 * format in the training or validation parts, so a model cannot pass the test by remembering a date it saw written
 * another way.
 */
final class DateTranslation {
    /** One example: the date as written and its ISO form. */
    record Pair(String source, String target) {}

    /** Training, validation and test examples. */
    record Parts(List<Pair> train, List<Pair> validation, List<Pair> test) {}

    private static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
    private static final int DAYS = (int) (LocalDate.of(2099, 12, 31).toEpochDay() - FIRST.toEpochDay()) + 1;

    /** The number of ways {@link #write} knows. */
    static final int FORMATS = 14;

    private DateTranslation() {}

    /**
     * {@code train + validation + test} examples of distinct dates drawn with {@code seed}, each written in a format
     * drawn with it; the same seed gives the same parts.
     */
    static Parts split(int train, int validation, int test, long seed) {
        if (train < 1 || validation < 0 || test < 1) {
            throw new IllegalArgumentException("date translation: needs at least one training and one test example, "
                    + "got train " + train + ", validation " + validation + ", test " + test);
        }
        int total = train + validation + test;
        if (total > DAYS) {
            throw new IllegalArgumentException("date translation: " + total + " examples of distinct dates asked, "
                    + "but there are only " + DAYS + " dates from 1900 to 2099");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<Integer> used = new HashSet<>();
        List<Pair> all = new ArrayList<>(total);
        while (all.size() < total) {
            int day = random.nextInt(DAYS);
            if (!used.add(day)) continue;
            LocalDate date = FIRST.plusDays(day);
            all.add(new Pair(write(date, random.nextInt(FORMATS)), date.toString()));
        }
        return new Parts(List.copyOf(all.subList(0, train)), List.copyOf(all.subList(train, train + validation)),
                List.copyOf(all.subList(train + validation, total)));
    }

    /** {@code date} in format {@code format} (0 to {@link #FORMATS} - 1). */
    static String write(LocalDate date, int format) {
        int d = date.getDayOfMonth(), m = date.getMonthValue(), y = date.getYear();
        String month = name(date.getMonth(), TextStyle.FULL), mon = name(date.getMonth(), TextStyle.SHORT);
        String weekday = name(date.getDayOfWeek(), TextStyle.FULL), wd = name(date.getDayOfWeek(), TextStyle.SHORT);
        String text = switch (format) {
            case 0 -> d + " " + month + " " + y;
            case 1 -> month + " " + d + ", " + y;
            case 2 -> d + " " + mon + " " + y;
            case 3 -> mon + " " + d + " " + y;
            case 4 -> weekday + ", " + month + " " + ordinal(d) + " " + y;
            case 5 -> wd + ", " + d + " " + mon + " " + y;
            case 6 -> "the " + ordinal(d) + " of " + month + " " + y;
            case 7 -> y + "/" + m + "/" + d;
            case 8 -> String.format(Locale.ROOT, "%d.%02d.%02d", y, m, d);
            case 9 -> String.format(Locale.ROOT, "%d%02d%02d", y, m, d);
            case 10 -> d + "-" + mon + "-" + y;
            case 11 -> (month + " " + d + " " + y).toUpperCase(Locale.ROOT);
            case 12 -> ordinal(d) + " " + month + ", " + y;
            case 13 -> String.format(Locale.ROOT, "%02d %s %d", d, mon, y);
            default -> throw new IllegalArgumentException("date format must be 0 to " + (FORMATS - 1) + ", got "
                    + format);
        };
        // Half the formats are lower-cased, as people type them.
        return format % 2 == 0 ? text.toLowerCase(Locale.ROOT) : text;
    }

    private static String name(Month month, TextStyle style) { return month.getDisplayName(style, Locale.ENGLISH); }

    private static String name(DayOfWeek day, TextStyle style) { return day.getDisplayName(style, Locale.ENGLISH); }

    private static String ordinal(int day) {
        String suffix = day % 100 >= 11 && day % 100 <= 13 ? "th" : switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return day + suffix;
    }
}
