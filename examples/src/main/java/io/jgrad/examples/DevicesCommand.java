package io.jgrad.examples;

import io.jgrad.backend.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** Lists the backends found, best first, and why an unavailable one cannot run here. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List compute backends and whether they can run here.")
final class DevicesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-12s %-6s %8s  %s%n", "backend", "device", "priority", "status");
        for (Backends.ProviderInfo info : Backends.providers()) {
            var p = info.provider();
            var a = info.availability();
            out.printf("%-12s %-6s %8d  %s%n", p.name(), p.deviceType(), p.priority(),
                    a.available() ? "available" + (a.reason() == null || a.reason().isBlank() ? "" : " (" + a.reason() + ")")
                            : "unavailable: " + a.reason());
        }
        out.println("default: " + Backends.defaultBackend().device() + " (" + Backends.defaultBackend().name() + ")");
        out.flush();
    }
}
