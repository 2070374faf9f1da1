package io.jgrad.select;

/** What is predicted. */
public enum TaskType {
    /** Two classes. */
    BINARY_CLASSIFICATION,
    /** Three or more classes. */
    MULTICLASS_CLASSIFICATION,
    /** A real number. */
    REGRESSION;

    /** True for both classification kinds. */
    public boolean isClassification() {
        return this != REGRESSION;
    }
}
