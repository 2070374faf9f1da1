package io.jgrad.cuda;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs a usable CUDA device: tagged {@code gpu} (benchmarks/gpu-check runs this tag) and skipped,
 * with the probe's reason, where CUDA is not available.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("gpu")
@ExtendWith(CudaRequired.class)
@interface GpuTest {}
