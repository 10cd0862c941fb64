package dev.sluice.runtime.embedded;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.Waker;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request plane of direct calls in one JVM. Closing a registration breaks every stream it opened, as a worker
 * process dying would: readers get {@link StreamBrokenException}.
 */
final class DirectRequestPlane implements RequestPlane {
    private final Map<Long, Served> served = new ConcurrentHashMap<>();

    private static final class Served {
        final Engine<PreprocessedRequest, EngineOutput> engine;
        final Set<TrackedStream> open = ConcurrentHashMap.newKeySet();
        volatile boolean down;

        Served(Engine<PreprocessedRequest, EngineOutput> engine) {
            this.engine = engine;
        }
    }

    private static final class TrackedStream implements ResponseStream<EngineOutput> {
        private final Served owner;
        private final ResponseStream<EngineOutput> inner;
        private final long instanceId;

        TrackedStream(Served owner, ResponseStream<EngineOutput> inner, long instanceId) {
            this.owner = owner;
            this.inner = inner;
            this.instanceId = instanceId;
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            Poll<EngineOutput> item = owner.down ? Poll.end() : inner.poll(waker);
            if (owner.down) {
                throw new StreamBrokenException("worker " + Long.toHexString(instanceId) + " went away");
            }
            if (item instanceof Poll.End<EngineOutput>
                    || (item instanceof Poll.Item<EngineOutput> i && i.item().isFinal())) {
                owner.open.remove(this);
            }
            return item;
        }

        @Override
        public void close() {
            owner.open.remove(this);
            inner.close();
        }
    }

    @Override
    public Registration serve(long instanceId, Engine<PreprocessedRequest, EngineOutput> engine) {
        Served s = new Served(engine);
        if (served.putIfAbsent(instanceId, s) != null) {
            throw new IllegalStateException("instance " + Long.toHexString(instanceId) + " is already served");
        }
        return new Registration() {
            @Override
            public String address() {
                return "local:" + Long.toHexString(instanceId);
            }

            @Override
            public void close() {
                if (served.remove(instanceId, s)) {
                    s.down = true;
                    s.open.forEach(TrackedStream::close);
                }
            }
        };
    }

    @Override
    public Engine<PreprocessedRequest, EngineOutput> client(InstanceRecord instance) {
        long id = instance.instanceId();
        return (request, context) -> {
            Served s = served.get(id);
            if (s == null || s.down) {
                throw new StreamBrokenException("worker " + Long.toHexString(id) + " is not serving");
            }
            TrackedStream stream = new TrackedStream(s, s.engine.generate(request, context), id);
            s.open.add(stream);
            return stream;
        };
    }

    @Override
    public void close() {
        served.clear();
    }
}
