package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSourceTest {
    @Test
    void listsTheKernelSources() {
        List<String> sources = KernelSource.list();
        assertTrue(sources.contains("copy.cu"), sources.toString());
        assertTrue(sources.stream().allMatch(s -> s.endsWith(".cu")), sources.toString());
    }

    @Test
    void loadsASourceWithTheHeadersItIncludes() {
        KernelSource copy = KernelSource.load("copy.cu");
        assertEquals("copy.cu", copy.name());
        assertTrue(copy.code().contains("fill_##suffix"), "the source text");
        assertEquals(List.of("jgrad.cuh"), List.copyOf(copy.headers().keySet()));
        assertTrue(copy.headers().get("jgrad.cuh").contains("struct JgLayout"));
    }

    @Test
    void everySourceIncludesOnlyFilesOfTheKernelFolder() {
        // NVRTC reads no files and has no host headers: a source may include only headers the Java side passes it.
        for (String name : KernelSource.list()) {
            KernelSource source = KernelSource.load(name);
            for (String text : java.util.stream.Stream.concat(java.util.stream.Stream.of(source.code()),
                    source.headers().values().stream()).toList()) {
                assertFalse(text.matches("(?s).*#\\s*include\\s*<.*"), name + " includes a system header");
            }
        }
    }

    @Test
    void includesAreParsedInOrder() {
        assertEquals(List.of("a.cuh", "b/c.cuh"),
                KernelSource.includes("#include \"a.cuh\"\n  #  include \"b/c.cuh\"\n// #include <x>\n#include <cstdio>\n"));
    }

    @Test
    void anUnknownSourceIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> KernelSource.load("nope.cu"));
        assertTrue(e.getMessage().contains("io/jgrad/cuda/kernels/nope.cu"), e.getMessage());
    }
}
