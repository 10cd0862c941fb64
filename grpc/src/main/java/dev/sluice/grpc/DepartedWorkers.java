package dev.sluice.grpc;

import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.runtime.Discovery;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A discovery listener that remembers each worker record's address and reports an address once no record uses it any
 * more. Discovery never overlaps the calls of one watch, so the map needs no lock.
 */
final class DepartedWorkers implements Consumer<Discovery.WatchEvent> {
    private final Map<String, String> addressByKey = new HashMap<>();
    private final Consumer<String> onDeparted;

    DepartedWorkers(Consumer<String> onDeparted) {
        this.onDeparted = onDeparted;
    }

    @Override
    public void accept(Discovery.WatchEvent event) {
        switch (event.kind()) {
            case PUT -> addressByKey.put(event.key(), address(event.value()));
            case DELETE -> {
                String address = addressByKey.remove(event.key());
                if (address != null && !address.isEmpty() && !addressByKey.containsValue(address)) {
                    onDeparted.accept(address);
                }
            }
        }
    }

    private static String address(byte[] value) {
        try {
            return Json.decode(value, InstanceRecord.class).address();
        } catch (RuntimeException e) {
            return ""; // not a worker record: nothing to release
        }
    }
}
