package io.jgrad.examples;

import static io.jgrad.examples.JgradCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.examples.JgradCliTest.Run;
import io.jgrad.select.DefaultsTuner;
import io.jgrad.select.PreparedData;
import io.jgrad.select.Selection;
import io.jgrad.select.Selector;
import io.jgrad.select.analyse.AnalysisOptions;
import io.jgrad.select.analyse.DataAnalyzer;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.ConvTextFamily;
import io.jgrad.select.candidates.RecurrentTextFamily;
import io.jgrad.select.candidates.TransformerTextFamily;
import io.jgrad.select.compare.Resampling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A selected sequence model (GRU, LSTM, 1-D CNN, Transformer) saved by the {@link Selection} API is used by
 * {@code jgrad predict} on raw texts: the saved vocabulary, length and token encoding applied, the model rebuilt from
 * its architecture, the same probabilities as the selection's own model.
 */
class SelectedSequenceModelTest {
    @TempDir
    Path dir;

    @Test
    void predictAppliesTheSavedTokenEncodingAndModel() throws Exception {
        Path file = Files.writeString(dir.resolve("animals.txt"), animals(80));
        PreparedData data = DataAnalyzer.analyse(file, AnalysisOptions.defaults());
        // Texts longer than the training ones, with words never seen, and an empty line (skipped).
        Path texts = Files.writeString(dir.resolve("new.txt"), "the cat saw the old dog\n\n"
                + "a dog near a cat\nzebra quietly cat giraffe park saw the green old big small dog slowly again\n");
        for (CandidateFamily family : List.of(RecurrentTextFamily.gru(), RecurrentTextFamily.lstm(),
                new ConvTextFamily(), new TransformerTextFamily())) {
            Selection s = Selector.builder().resampling(Resampling.kFold(2)).training(2, 1).probeSteps(1)
                    .tuner(new DefaultsTuner()).families(m -> List.of(family)).seed(1).build().select(data);
            Path out = dir.resolve(family.name());
            s.save(out);

            Run p = run("predict", "--model", out.toString(), "--data", texts.toString());
            assertEquals(0, p.code(), p.err());
            Tensor inputs = data.preprocessing().apply(data.encoding().encodeFile(texts));
            Tensor probabilities = s.predict(inputs).softmax(1);
            List<String> expected = new ArrayList<>(List.of("row,prediction,probability"));
            float[] pr = probabilities.toFloatArray();
            long[] best = probabilities.argmax(1, false).toLongArray();
            for (int i = 0; i < best.length; i++) {
                expected.add(String.format(Locale.ROOT, "%d,%s,%.4f", i,
                        data.profile().classNames().get((int) best[i]), pr[i * 2 + (int) best[i]]));
            }
            assertEquals(expected, p.out().lines().toList(), family.name());
        }
    }

    /** {@code label<TAB>text} lines: whether "cat" comes before "dog" in the text. */
    private static String animals(int n) {
        String[] fillers = {"the", "a", "big", "small", "quietly", "park", "saw", "near", "old", "green"};
        Generator g = new Generator(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int length = 4 + g.nextInt(6), cat = g.nextInt(length), dog;
            do {
                dog = g.nextInt(length);
            } while (dog == cat);
            List<String> words = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                words.add(j == cat ? "cat" : j == dog ? "dog" : fillers[g.nextInt(fillers.length)]);
            }
            sb.append(cat < dog ? "cat_first" : "dog_first").append('\t').append(String.join(" ", words)).append('\n');
        }
        return sb.toString();
    }
}
