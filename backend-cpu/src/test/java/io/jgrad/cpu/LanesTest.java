package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.junit.jupiter.api.Test;

/**
 * {@link Lanes#sum} adds the lanes in order from lane 0 in double, for every species a machine may prefer: the same
 * bits as a loop over the lanes, where another order (a tree, float additions) would change the last bits of these
 * values spread over many orders of magnitude.
 */
class LanesTest {
    @Test
    void floatLanesAreAddedInOrderInDouble() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (VectorSpecies<Float> species : new VectorSpecies[] {FloatVector.SPECIES_128, FloatVector.SPECIES_256,
                FloatVector.SPECIES_512, FloatVector.SPECIES_PREFERRED, FloatVector.SPECIES_64}) {
            for (int trial = 0; trial < 200; trial++) {
                float[] lanes = new float[species.length()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8)));
                }
                double expected = 0;
                for (float lane : lanes) expected += lane;
                double actual = Lanes.sum(FloatVector.fromArray(species, lanes, 0));
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        species + " " + java.util.Arrays.toString(lanes));
            }
        }
    }

    @Test
    void doubleLanesAreAddedInOrder() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (VectorSpecies<Double> species : new VectorSpecies[] {DoubleVector.SPECIES_128, DoubleVector.SPECIES_256,
                DoubleVector.SPECIES_512, DoubleVector.SPECIES_PREFERRED, DoubleVector.SPECIES_64}) {
            for (int trial = 0; trial < 200; trial++) {
                double[] lanes = new double[species.length()];
                for (int i = 0; i < lanes.length; i++) lanes[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(16));
                double expected = 0;
                for (double lane : lanes) expected += lane;
                double actual = Lanes.sum(DoubleVector.fromArray(species, lanes, 0));
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        species + " " + java.util.Arrays.toString(lanes));
            }
        }
    }
}
