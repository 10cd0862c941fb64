package dev.sluice.llm;

import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.Engine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the frontend's models in step with discovery. A model appears when its first card is published (only workers
 * of the longest tier publish one) and disappears with its last card; its decode workers are regrouped into tiers on
 * every instance change. Watch callbacks arrive one at a time, so the maps below have a single writer; readers see
 * the concurrent map of served models.
 */
public final class ModelWatcher implements ModelRegistry, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelWatcher.class.getName());

    private final Discovery discovery;
    private final Function<ModelCard, ModelInfo> loader;
    private final PipelineFactory pipelines;
    private final Map<String, InstanceRecord> instances = new HashMap<>();
    private final Map<String, ModelCard> cards = new HashMap<>();
    private final Map<String, LiveWorkers> workersByModel = new ConcurrentHashMap<>();
    private final Map<String, LiveWorkers> prefillByModel = new ConcurrentHashMap<>();
    private final Map<String, ServedModel> served = new ConcurrentHashMap<>();
    private final List<Discovery.Watch> watches = new ArrayList<>();
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> pendingDeletes = new HashMap<>();
    private java.time.Duration instanceGrace = java.time.Duration.ZERO;
    private java.util.concurrent.ScheduledExecutorService scheduler;

    /**
     * Builds a model's pipeline from its info, its live decode workers and its live prefill workers. A pipeline that
     * is {@link AutoCloseable} (as {@link ModelPipeline#build} makes) is closed when its model stops being served and
     * when the watcher closes.
     */
    @FunctionalInterface
    public interface PipelineFactory {
        Engine<OpenAiRequest, LlmChunk> build(ModelInfo info, LiveWorkers decode, LiveWorkers prefill);
    }

    public ModelWatcher(Discovery discovery, Function<ModelCard, ModelInfo> loader, PipelineFactory pipelines) {
        this.discovery = discovery;
        this.loader = loader;
        this.pipelines = pipelines;
    }

    /**
     * How long a deleted instance stays routable before it is dropped, so that a worker whose lease was lost in a
     * discovery outage and re-registered at once is never dropped. Zero (the default) drops at once.
     */
    public ModelWatcher withInstanceGrace(java.time.Duration grace) {
        this.instanceGrace = grace;
        return this;
    }

    public void start() {
        if (instanceGrace.isPositive()) {
            scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("model-watcher-grace").factory());
        }
        watches.add(discovery.watch(DiscoveryKeys.INSTANCES, this::onInstance));
        watches.add(discovery.watch(DiscoveryKeys.MODEL_CARDS, this::onCard));
    }

    private synchronized void onInstance(Discovery.WatchEvent event) {
        try {
            if (event.kind() == Discovery.WatchEvent.Kind.PUT) {
                var pending = pendingDeletes.remove(event.key());
                if (pending != null) {
                    pending.cancel(false);
                    LOG.info("instance " + event.key() + " re-registered within the grace period");
                }
                instances.put(event.key(), Json.decode(event.value(), InstanceRecord.class));
            } else if (scheduler != null) {
                pendingDeletes.put(
                        event.key(),
                        scheduler.schedule(
                                () -> dropInstance(event.key()),
                                instanceGrace.toMillis(),
                                java.util.concurrent.TimeUnit.MILLISECONDS));
                return;
            } else {
                instances.remove(event.key());
            }
            refreshWorkers();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring bad instance record at " + event.key(), e);
        }
    }

    private synchronized void dropInstance(String key) {
        if (pendingDeletes.remove(key) != null) {
            instances.remove(key);
            refreshWorkers();
        }
    }

    private synchronized void onCard(Discovery.WatchEvent event) {
        try {
            if (event.kind() == Discovery.WatchEvent.Kind.PUT) {
                ModelCard card = Json.decode(event.value(), ModelCard.class);
                cards.put(event.key(), card);
                served.computeIfAbsent(card.name(), name -> serve(card));
            } else {
                ModelCard gone = cards.remove(event.key());
                if (gone != null) {
                    dropIfAbandoned(gone.name());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring model card at " + event.key(), e);
        }
    }

    /**
     * A model stays served while it has a card or any live decode worker: when the longest tier goes down, shorter
     * tiers keep serving what fits and the rest gets a 503 naming the missing tier. It goes when both are gone.
     */
    private void dropIfAbandoned(String model) {
        boolean hasCard = cards.values().stream().anyMatch(c -> c.name().equals(model));
        LiveWorkers live = workersByModel.get(model);
        boolean hasWorkers = live != null && !live.tiers().isEmpty();
        if (!hasCard && !hasWorkers) {
            ServedModel gone = served.remove(model);
            if (gone != null) {
                LOG.info("model " + model + " is no longer served: its last card and worker are gone");
                closePipeline(gone);
            }
        }
    }

    private static void closePipeline(ServedModel model) {
        if (model.engine() instanceof AutoCloseable pipeline) {
            try {
                pipeline.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the pipeline of " + model.card().name() + " failed", e);
            }
        }
    }

    private ServedModel serve(ModelCard card) {
        ModelInfo info = loader.apply(card);
        LiveWorkers workers = workersByModel.computeIfAbsent(card.name(), n -> new LiveWorkers());
        LiveWorkers prefill = prefillByModel.computeIfAbsent(card.name(), n -> new LiveWorkers());
        refreshWorkers();
        LOG.info("serving model " + card.name() + " (context length " + card.contextLength() + ")");
        return new ServedModel(card, info, workers, pipelines.build(info, workers, prefill));
    }

    private void refreshWorkers() {
        Map<String, List<InstanceRecord>> byModel = new HashMap<>();
        Map<String, List<InstanceRecord>> prefillModel = new HashMap<>();
        for (InstanceRecord r : instances.values()) {
            (r.metadata().role().decodes() ? byModel : prefillModel)
                    .computeIfAbsent(r.metadata().model(), m -> new ArrayList<>())
                    .add(r);
        }
        prefillModel.keySet().forEach(m -> prefillByModel.computeIfAbsent(m, n -> new LiveWorkers()));
        prefillByModel.forEach((model, live) -> live.update(prefillModel.getOrDefault(model, List.of())));
        for (String model : byModel.keySet()) {
            workersByModel.computeIfAbsent(model, n -> new LiveWorkers());
        }
        workersByModel.forEach((model, live) -> live.update(byModel.getOrDefault(model, List.of())));
        List.copyOf(served.keySet()).forEach(this::dropIfAbandoned);
    }

    @Override
    public Optional<ServedModel> model(String name) {
        return Optional.ofNullable(served.get(name));
    }

    @Override
    public List<ServedModel> models() {
        return served.values().stream()
                .sorted(Comparator.comparing(m -> m.card().name()))
                .toList();
    }

    @Override
    public synchronized void close() {
        watches.forEach(Discovery.Watch::close);
        watches.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        List.copyOf(served.keySet()).forEach(name -> {
            ServedModel gone = served.remove(name);
            if (gone != null) {
                closePipeline(gone);
            }
        });
    }
}
