package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.select.PreparedData;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path of {@code jgrad predict --data file.csv}: a model file carries the encoding and applies it to raw rows. */
class SavedEncodingTest {
    @TempDir
    Path dir;

    private ModelFiles.Loaded saveAndLoad(PreparedData d) throws IOException {
        Module model = new Sequential(new Dense(d.profile().inputShape().getFirst(), d.profile().classes()));
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file, new ModelCard(d.preprocessing(), d.profile().classNames(), Map.of(), 1L),
                d.encoding().metadata());
        return ModelFiles.loadModel(file);
    }

    @Test
    void aRawCsvWithoutTheTargetGetsTheTrainingFeatures() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"),
                "size,shape,y\n1.5,round,a\n,square,b\n3.5,,a\n8,round,b\n2,square,a\n");
        PreparedData d = DataAnalyzer.analyse(train, AnalysisOptions.defaults());
        ModelFiles.Loaded loaded = saveAndLoad(d);
        InputEncoding encoding = InputEncoding.fromMetadata(loaded.metadata(), "model.safetensors");
        assertEquals(d.encoding(), encoding);
        Path raw = Files.writeString(dir.resolve("new.csv"), "shape,size\nsquare,\nround,8\n");
        Tensor inputs = loaded.card().preprocessing().apply(encoding.encodeFile(raw));
        float[] expected = d.inputs().toFloatArray();
        int w = d.inputs().dim(1);
        float[] rows = new float[2 * w];
        System.arraycopy(expected, w, rows, 0, w);       // training row 2: size missing, square
        System.arraycopy(expected, 3 * w, rows, w, w);   // training row 4: 8, round
        assertArrayEquals(rows, inputs.toFloatArray(), 0f);
        try (var g = Grad.off()) {
            assertEquals(List.of(2, 2), List.of(loaded.model().call(inputs).dim(0), loaded.model().call(inputs).dim(1)));
        }
    }

    @Test
    void aTextModelReadsOneTextPerLine() throws IOException {
        Path train = Files.writeString(dir.resolve("t.txt"), "pos\tgood fun\nneg\tbad\npos\tfun\n");
        PreparedData d = DataAnalyzer.analyse(train, AnalysisOptions.defaults());
        InputEncoding encoding = InputEncoding.fromMetadata(d.encoding().metadata(), "m");
        Path raw = Files.writeString(dir.resolve("new.txt"), "Good fun!\n\nunheard\n");
        assertArrayEquals(new long[] {3, 2, 1, 0}, encoding.encodeFile(raw).toLongArray());
        assertNull(InputEncoding.fromMetadata(Map.of(), "m"));
    }
}
