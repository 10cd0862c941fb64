package dev.sluice.sim;

import dev.sluice.bench.RequestResult;
import java.util.List;

/**
 * What a simulation measured: every request's result (as {@code sluice bench} measures it), the virtual time the
 * workload took, each worker and its sampled series (same order), and the simulator's own cost (events run, wall and
 * CPU seconds of its thread; those two are not part of any report).
 */
public record SimulationResult(
        Deployment deployment,
        List<RequestResult> results,
        double virtualSeconds,
        List<WorkerInfo> workers,
        List<List<WorkerSample>> workerSeries,
        long events,
        double realSeconds,
        double cpuSeconds) {}
