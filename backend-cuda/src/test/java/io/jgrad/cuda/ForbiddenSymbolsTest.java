package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No class of the backend calls a binding whose C function a CUDA 13.0 runtime or driver lacks (calling one ends the
 * JVM). A call that is needed must be gated with {@link CudaStatus#requireRuntime} and listed in {@link #GATED}.
 */
class ForbiddenSymbolsTest {
    /** Calls "Class.method" allowed because they sit behind a runtime-version gate. None so far. */
    private static final Set<String> GATED = Set.of();

    static Set<String> missingIn130() throws IOException {
        try (InputStream in = ForbiddenSymbolsTest.class.getResourceAsStream("symbols-missing-in-cuda-13.0.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
    }

    @Test
    void noClassCallsAFunctionMissingFromCuda130() throws IOException, URISyntaxException {
        Set<String> missing = missingIn130();
        assertEquals(30, missing.size(), "the list as measured for 13.1-9.19-1.5.13 (NOTES.md)");
        List<byte[]> classes = mainClasses();
        assertTrue(classes.size() > 10, "found only " + classes.size() + " classes");
        List<String> offending = new ArrayList<>();
        int bindingCalls = 0;
        for (byte[] bytes : classes) {
            ClassModel model = ClassFile.of().parse(bytes);
            for (MethodModel method : model.methods()) {
                if (method.code().isEmpty()) continue;
                for (var element : method.code().get()) {
                    if (!(element instanceof InvokeInstruction call)) continue;
                    String owner = call.owner().asInternalName();
                    if (!owner.startsWith("org/bytedeco/cuda/global/")) continue;
                    bindingCalls++;
                    String where = model.thisClass().asInternalName() + "." + method.methodName().stringValue();
                    if (missing.contains(call.name().stringValue()) && !GATED.contains(where)) {
                        offending.add(where + " calls " + call.name().stringValue());
                    }
                }
            }
        }
        assertTrue(bindingCalls > 20, "the scan saw only " + bindingCalls + " binding calls");
        assertEquals(List.of(), offending);
    }

    /** The backend's compiled classes, from target/classes or from the jar. */
    private static List<byte[]> mainClasses() throws IOException, URISyntaxException {
        Path location = Path.of(CudaProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<byte[]> classes = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) classes.add(Files.readAllBytes(file));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (var entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.add(in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }
}
