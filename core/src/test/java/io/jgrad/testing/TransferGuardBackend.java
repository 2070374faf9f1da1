package io.jgrad.testing;

import io.jgrad.Device;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;

/**
 * A reference backend posing as a device: it claims {@code cuda:99}, so a tensor made on the default backend by
 * mistake fails the ops' device check when it meets one of this backend's, and it can forbid host transfers: inside
 * {@link #guard}, any upload or download fails the test, as a device backend would have paid a round trip there
 * (inside {@link #guardUploads}, only uploads: host data copied in). Used to check that layers, losses and optimizers
 * create and compute on their tensors' backend.
 */
public final class TransferGuardBackend extends ReferenceBackend {
    private String guarded;
    private boolean downloadsGuarded;

    /** Closes without checked exceptions. */
    @FunctionalInterface
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    @Override public String name() { return "transfer-guard"; }

    @Override public Device device() { return Device.cuda(99); }

    /** A scope, described by {@code what}, in which uploads and downloads fail; closing it allows them again. */
    public Guard guard(String what) { return start(what, true); }

    /** A scope in which uploads fail. */
    public Guard guardUploads(String what) { return start(what, false); }

    private Guard start(String what, boolean downloads) {
        guarded = what;
        downloadsGuarded = downloads;
        return () -> guarded = null;
    }

    @Override
    public Storage upload(HostStorage host) {
        if (guarded != null) throw new AssertionError("upload of host data during " + guarded);
        return super.upload(host);
    }

    @Override
    public HostStorage download(Storage storage) {
        if (guarded != null && downloadsGuarded) throw new AssertionError("download to the host during " + guarded);
        return super.download(storage);
    }
}
