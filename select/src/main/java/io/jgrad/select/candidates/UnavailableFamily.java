package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.select.TaskProfile;

import java.util.Optional;

/**
 * A family the method calls for whose layers this build does not have yet: listed in the report as unavailable,
 * never trained (and never imitated by another model).
 *
 * @param name        the family's identifier
 * @param description what it would be
 * @param reason      why it is unavailable
 */
public record UnavailableFamily(String name, String description, String reason) implements CandidateFamily {

    @Override
    public Optional<String> unavailableReason() { return Optional.of(reason); }

    @Override
    public HyperparameterSpace space() { return HyperparameterSpace.builder().build(); }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        throw new UnsupportedOperationException(name + " is unavailable: " + reason);
    }
}
