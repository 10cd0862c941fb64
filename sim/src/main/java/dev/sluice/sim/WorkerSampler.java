package dev.sluice.sim;

import dev.sluice.mocker.MockerEngine;
import dev.sluice.runtime.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples every worker at a fixed virtual interval while requests are outstanding: sequences running and waiting,
 * KV blocks in use, and the share of the interval spent in steps. The series end up in the report.
 */
final class WorkerSampler {
    private final EventLoop loop;
    private final List<Simulation.SimWorker> workers;
    private final long intervalNanos;
    private final List<List<WorkerSample>> series = new ArrayList<>();
    private final double[] lastBusyMillis;
    private Scheduler.Cancellable next = () -> {};
    private boolean stopped;

    WorkerSampler(EventLoop loop, List<Simulation.SimWorker> workers, long intervalNanos) {
        this.loop = loop;
        this.workers = workers;
        this.intervalNanos = intervalNanos;
        this.lastBusyMillis = new double[workers.size()];
        workers.forEach(w -> series.add(new ArrayList<>()));
    }

    void start() {
        next = loop.schedule(intervalNanos, this::sample);
    }

    void stop() {
        if (!stopped) {
            stopped = true;
            next.cancel();
            sample(); // the last, partial interval
        }
    }

    private void sample() {
        double at = loop.nanoTime() / 1e9;
        double interval = at
                - (series.getFirst().isEmpty() ? 0 : series.getFirst().getLast().atSeconds());
        for (int i = 0; i < workers.size(); i++) {
            MockerEngine e = workers.get(i).engine();
            MockerEngine.Stats s = e.stats();
            MockerEngine.Counters c = e.counters();
            double busy = interval <= 0 ? 0 : (c.busyMillis() - lastBusyMillis[i]) / (interval * 1000);
            lastBusyMillis[i] = c.busyMillis();
            double usage =
                    (double) s.usedBlocks() / workers.get(i).record().metadata().totalKvBlocks();
            series.get(i).add(new WorkerSample(at, s.runningSeqs(), s.waitingSeqs(), usage, Math.min(1, busy)));
        }
        if (!stopped) {
            next = loop.schedule(intervalNanos, this::sample);
        }
    }

    /** Per worker, in the deployment's order. */
    List<List<WorkerSample>> series() {
        return series;
    }
}
