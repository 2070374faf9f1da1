package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableAnalysisTest {
    @TempDir
    Path dir;

    private static PreparedData analyse(Path file) throws IOException {
        return DataAnalyzer.analyse(file, AnalysisOptions.defaults());
    }

    private static boolean mentions(TaskProfile p, String text) {
        return p.findings().stream().anyMatch(f -> f.contains(text));
    }

    @Test
    void breastCancerIsAnImbalancedBinaryTaskOf30StandardisedFeatures() throws IOException {
        PreparedData d = analyse(SklearnData.file("breast_cancer.csv"));
        TaskProfile p = d.profile();
        assertEquals(Modality.TABULAR, p.modality());
        assertEquals(TaskType.BINARY_CLASSIFICATION, p.task());
        assertEquals(569, p.samples());
        assertEquals(List.of(30), p.inputShape());
        assertEquals(List.of("malignant", "benign"), p.classNames());
        assertEquals(357.0 / 212, p.imbalanceRatio(), 1e-12);
        assertEquals(List.of(569, 30), List.of(d.inputs().dim(0), d.inputs().dim(1)));
        assertEquals(DType.I64, d.targets().dtype());
        assertEquals(0, d.targets().toLongArray()[0]); // the first row is malignant
        assertTrue(mentions(p, "very different scales"), p.findings().toString());
        // Standardised: every feature has mean 0 and std 1 over the data.
        float[] x = d.inputs().toFloatArray();
        for (int c = 0; c < 30; c++) {
            double sum = 0, sq = 0;
            for (int r = 0; r < 569; r++) sum += x[r * 30 + c];
            for (int r = 0; r < 569; r++) sq += Math.pow(x[r * 30 + c] - sum / 569, 2);
            assertEquals(0, sum / 569, 1e-4, "mean of feature " + c);
            assertEquals(1, Math.sqrt(sq / 569), 1e-4, "std of feature " + c);
        }
        assertInstanceOf(TableEncoding.class, d.encoding());
    }

    @Test
    void wineAndIrisAreThreeClassTasks() throws IOException {
        PreparedData wine = analyse(SklearnData.file("wine_data.csv"));
        assertEquals(TaskType.MULTICLASS_CLASSIFICATION, wine.profile().task());
        assertEquals(List.of("class_0", "class_1", "class_2"), wine.profile().classNames());
        assertEquals(List.of(13), wine.profile().inputShape());
        assertEquals(178, wine.size());
        PreparedData iris = analyse(SklearnData.file("iris.csv"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.profile().classNames());
        assertEquals(1.0, iris.profile().imbalanceRatio());
        assertTrue(mentions(iris.profile(), "1 row (0.7%) repeats an earlier row"),
                iris.profile().findings().toString());
    }

    @Test
    void digitsDropsItsConstantPixelColumns() throws IOException {
        PreparedData d = analyse(SklearnData.file("digits.csv.gz"));
        TaskProfile p = d.profile();
        assertEquals(TaskType.MULTICLASS_CLASSIFICATION, p.task());
        assertEquals(10, p.classes());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), p.classNames());
        assertTrue(mentions(p, "The column 'column_0' has the same value in every row; it is dropped."),
                p.findings().toString());
        int dropped = (int) p.findings().stream().filter(f -> f.contains("it is dropped")).count();
        assertEquals(64 - dropped, p.inputShape().getFirst());
        assertEquals(1797, d.size());
    }

    @Test
    void bostonIsARegressionWithTheSecondLineAsColumnNames() throws IOException {
        PreparedData d = DataAnalyzer.analyse(SklearnData.file("boston_house_prices.csv"),
                AnalysisOptions.defaults().withTarget("MEDV"));
        TaskProfile p = d.profile();
        assertEquals(TaskType.REGRESSION, p.task());
        assertEquals(506, p.samples());
        assertEquals(List.of(13), p.inputShape());
        assertEquals(1.0, p.imbalanceRatio());
        assertTrue(mentions(p, "The target 'MEDV' ranges from 5.000 to 50.00"), p.findings().toString());
        assertEquals(24f, d.targets().toFloatArray()[0]);
    }

    @Test
    void mixedTableIsImputedOneHotEncodedAndNeverNaN() throws IOException {
        StringBuilder csv = new StringBuilder("id,age,colour,city,const,income,label\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 40; i++) {
            String age = i % 10 == 3 ? "" : Integer.toString(20 + i);
            String colour = i % 7 == 5 ? "NA" : colours[i % 3];
            csv.append("id").append(i).append(',').append(age).append(',').append(colour).append(",city")
                    .append(i % 20).append(",7,").append(1000.5 * i).append(',').append(i % 2 == 0 ? "yes" : "no")
                    .append('\n');
        }
        Path f = Files.writeString(dir.resolve("people.csv"), csv);
        PreparedData d = analyse(f);
        TaskProfile p = d.profile();
        assertEquals(TaskType.BINARY_CLASSIFICATION, p.task());
        assertEquals(List.of("no", "yes"), p.classNames());
        TableEncoding enc = (TableEncoding) d.encoding();
        // id: an identifier, dropped; const: dropped; age: numeric + indicator; colour: one-hot of 3 + indicator;
        // city: 20 values, hashed into 32 buckets; income: numeric.
        assertEquals(List.of("age", "colour", "city", "income"), enc.columns().stream().map(ColumnEncoding::column)
                .toList());
        assertEquals(2 + 4 + 32 + 1, enc.width());
        assertEquals(List.of("age", "age_missing", "colour=red", "colour=green", "colour=blue", "colour_missing",
                "city#0"), enc.featureNames().subList(0, 7));
        assertEquals(enc.width(), enc.featureNames().size());
        assertEquals(List.of(enc.width()), p.inputShape());
        assertInstanceOf(ColumnEncoding.Hashed.class, enc.columns().get(2));
        ColumnEncoding.Numeric age = (ColumnEncoding.Numeric) enc.columns().getFirst();
        assertTrue(age.indicator());
        assertEquals(39.5, age.fill(), 1e-12); // the median of 20..59 without 23, 33, 43, 53
        assertTrue(mentions(p, "'id' has a different value in every row"), p.findings().toString());
        assertTrue(mentions(p, "'const' has the same value in every row"), p.findings().toString());
        assertTrue(mentions(p, "'age' has 4 missing values (10.0%); filled with the median (39.50)"),
                p.findings().toString());
        assertTrue(mentions(p, "'colour' has 5 missing values"), p.findings().toString());
        float[] x = d.inputs().toFloatArray();
        for (float v : x) assertFalse(Float.isNaN(v));
        // Row 3 has no age: the indicator is 1 and the value is the standardised median.
        int w = enc.width();
        assertEquals(1f, x[3 * w + 1]);
        assertEquals((float) ((39.5 - age.mean()) / age.std()), x[3 * w], 1e-6f);
    }

    @Test
    void theEncodingRoundTripsThroughJsonAndAppliesToNewRawRows() throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "x,kind,y\n1,a,0\n2,b,1\n,a,0\n4,c,1\n5,b,0\n");
        PreparedData d = analyse(f);
        InputEncoding back = InputEncoding.fromJson(d.encoding().toJson(), "model.safetensors");
        assertEquals(d.encoding(), back);
        // The same rows give the same features; a new file may lack the target and hold an unseen category.
        assertEquals(List.of(d.inputs().toFloatArray().length), List.of(back.encode(TableReader.read(f))
                .toFloatArray().length));
        assertEquals(java.util.Arrays.toString(d.inputs().toFloatArray()),
                java.util.Arrays.toString(back.encode(TableReader.read(f)).toFloatArray()));
        Tensor fresh = back.encode(TableReader.parse("kind,x\nz,\n", "new.csv"));
        float[] row = fresh.toFloatArray();
        ColumnEncoding.Numeric x = (ColumnEncoding.Numeric) ((TableEncoding) back).columns().getFirst();
        assertEquals((float) ((3 - x.mean()) / x.std()), row[0], 1e-6f); // the median fills the missing x
        assertEquals(1f, row[1]);                                        // and is flagged
        assertEquals(0f, row[2] + row[3] + row[4]);                      // 'z' was never seen: no category set
        var e = assertThrows(IllegalArgumentException.class,
                () -> back.encode(TableReader.parse("x,y\n1,0\n", "bad.csv")));
        assertTrue(e.getMessage().contains("no column 'kind'"), e.getMessage());
        var word = assertThrows(IllegalArgumentException.class,
                () -> back.encode(TableReader.parse("x,kind\n1,a\nten,b\n", "w.csv")));
        assertTrue(word.getMessage().contains("w.csv: line 3: column 'x': 'ten' is not a number"), word.getMessage());
        var json = assertThrows(IllegalArgumentException.class,
                () -> InputEncoding.fromJson("{\"type\":\"table\",\"columns\":[{\"type\":\"bin\"}]}", "m"));
        assertTrue(json.getMessage().startsWith("m: input encoding column 0"), json.getMessage());
    }

    @Test
    void targetsAreInferredOrTaken() throws IOException {
        Path reals = Files.writeString(dir.resolve("r.csv"), "a,y\n1,0.5\n2,1.25\n3,2\n");
        PreparedData r = analyse(reals);
        assertEquals(TaskType.REGRESSION, r.profile().task());
        assertEquals(List.of(), r.profile().classNames());
        assertEquals(List.of(3, 1), List.of(r.targets().dim(0), r.targets().dim(1)));
        assertEquals(DType.F32, r.targets().dtype());
        StringBuilder many = new StringBuilder("a,y\n");
        for (int i = 0; i < 30; i++) many.append(i).append(',').append(i * 3).append('\n');
        Path ints = Files.writeString(dir.resolve("i.csv"), many);
        assertEquals(TaskType.REGRESSION, analyse(ints).profile().task());
        PreparedData asClasses = DataAnalyzer.analyse(ints,
                AnalysisOptions.defaults().withTask(AnalysisOptions.Task.CLASSIFICATION));
        assertEquals(30, asClasses.profile().classes());
        Path words = Files.writeString(dir.resolve("w.csv"), "y,a\ncat,1\ndog,2\nbird,3\ncat,4\n");
        PreparedData w = DataAnalyzer.analyse(words, AnalysisOptions.defaults().withTarget("y"));
        assertEquals(List.of("bird", "cat", "dog"), w.profile().classNames());
        assertEquals("[1, 2, 0, 1]", java.util.Arrays.toString(w.targets().toLongArray()));
        assertTrue(mentions(w.profile(), "The target 'y' is taken as classes (words)."),
                w.profile().findings().toString());
        assertTrue(mentions(w.profile(), "3 classes have fewer than 5 examples ('bird' 1, 'cat' 2, 'dog' 1)"),
                w.profile().findings().toString());
        // Few integer values but hardly a repeat among them (linnerud's Jumps): a number, not classes.
        Path sparse = Files.writeString(dir.resolve("s.csv"), "a,y\n1,60\n2,101\n3,60\n4,37\n5,58\n6,42\n");
        assertEquals(TaskType.REGRESSION, analyse(sparse).profile().task());
        Path binary = Files.writeString(dir.resolve("b.csv"), "a,y\n1,0\n2,1\n3,1\n");
        assertEquals(TaskType.BINARY_CLASSIFICATION, analyse(binary).profile().task());
        var e = assertThrows(IllegalArgumentException.class, () -> DataAnalyzer.analyse(words,
                AnalysisOptions.defaults().withTarget("y").withTask(AnalysisOptions.Task.REGRESSION)));
        assertTrue(e.getMessage().contains("cannot be a regression target; use --task classification"),
                e.getMessage());
    }

    @Test
    void rowsWithoutATargetAreLeftOutAndSaidSo() throws IOException {
        Path f = Files.writeString(dir.resolve("m.csv"), "a,y\n1,x\n2,\n3,z\n4,x\n");
        PreparedData d = analyse(f);
        assertEquals(3, d.size());
        assertTrue(mentions(d.profile(), "1 row (25.0%) without a value in the target column 'y' is left out."),
                d.profile().findings().toString());
    }

    @Test
    void unknownTargetListsTheColumns() throws IOException {
        Path f = Files.writeString(dir.resolve("u.csv"), "a,b,y\n1,2,3\n4,5,6\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataAnalyzer.analyse(f, AnalysisOptions.defaults().withTarget("label")));
        assertTrue(e.getMessage().contains("no column 'label' for the target; the columns are a, b, y"),
                e.getMessage());
    }

    @Test
    void oneClassTargetSaysThereIsNothingToPredict() throws IOException {
        Path f = Files.writeString(dir.resolve("o.csv"), "a,y\n1,yes\n2,yes\n3,yes\n");
        var e = assertThrows(IllegalArgumentException.class, () -> analyse(f));
        assertTrue(e.getMessage().contains("the single value 'yes' in all 3 rows: there is nothing to predict;"
                + " choose another --target (columns: a, y)"), e.getMessage());
    }

    @Test
    void aTableWithOnlyConstantInputsIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), "a,y\n1,0\n1,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> analyse(f));
        assertTrue(e.getMessage().contains("no usable input column"), e.getMessage());
    }

    @Test
    void imagesHaveNoEncoding() {
        assertNull(new PreparedData(new TaskProfile(Modality.IMAGES, TaskType.REGRESSION, 1, List.of(1), List.of(), 1,
                List.of()), Tensor.zeros(1, 1), Tensor.zeros(1, 1), io.jgrad.data.Preprocessing.of(1)).encoding());
    }
}
