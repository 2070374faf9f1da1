package io.jgrad.select;

/** What kind of data a task has, as found by the analysis step. */
public enum Modality {
    /** Images: an IDX file pair or a folder of PNG/JPEG files per class; inputs {@code [N, C, H, W]}. */
    IMAGES,
    /** A table: CSV with numeric and categorical columns; inputs {@code [N, features]} after preprocessing. */
    TABULAR,
    /** Text: a text file or a CSV text column; inputs are token ids {@code [N, T]}. */
    TEXT
}
