package dev.sluice.sim;

import dev.sluice.bench.Report;
import dev.sluice.bench.TraceRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs deployments over the same arrivals at several loads (the arrival rate times each factor), each simulation on
 * its own thread, and puts the results side by side. Each simulation is single-threaded and deterministic, so running
 * them at once changes nothing but the wall time.
 */
public final class LoadSweep {
    private final List<TraceRequest> workload;
    private final Simulation.SimOptions options;
    private final double sloTtftMillis;
    private final double sloItlMillis;
    private final int threads;

    public LoadSweep(
            List<TraceRequest> workload,
            Simulation.SimOptions options,
            double sloTtftMillis,
            double sloItlMillis,
            int threads) {
        this.workload = List.copyOf(workload);
        this.options = options;
        this.sloTtftMillis = sloTtftMillis;
        this.sloItlMillis = sloItlMillis;
        this.threads = threads;
    }

    /** One simulation of the sweep. */
    public record Point(
            String deployment, double load, double offeredPerSecond, SimulationResult result, Report report) {}

    /** Runs every deployment at every load. */
    public Outcome run(Map<String, Deployment> deployments, List<Double> loads)
            throws InterruptedException, ExecutionException {
        List<Future<Point>> futures = new ArrayList<>();
        boolean quiet = deployments.size() * loads.size() > 1;
        try (ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(threads, deployments.size() * loads.size()),
                r -> Thread.ofPlatform().name("sluice-simulation").unstarted(r))) {
            for (Map.Entry<String, Deployment> d : deployments.entrySet()) {
                for (double load : loads) {
                    futures.add(pool.submit(() -> point(d.getKey(), d.getValue(), load, quiet)));
                }
            }
            List<Point> points = new ArrayList<>();
            for (Future<Point> f : futures) {
                points.add(f.get());
            }
            return new Outcome(points, sloTtftMillis, sloItlMillis);
        }
    }

    private Point point(String label, Deployment d, double load, boolean quiet) {
        Simulation.SimOptions o = new Simulation.SimOptions(
                options.timeScale() / load,
                options.sampleIntervalNanos(),
                options.tokenLow(),
                options.tokenHigh(),
                options.openEnded(),
                quiet ? Simulation.SILENT : options.progress());
        SimulationResult r = Simulation.run(d, workload, o);
        double lastArrival = workload.getLast().timestampMillis() * o.timeScale() / 1000;
        double offered = lastArrival <= 0 ? Double.NaN : (workload.size() - 1) / lastArrival;
        if (quiet) {
            options.progress()
                    .printf(
                            "  %s at load %s: done in %.1f s (%.1f s CPU)%n",
                            label, load, r.realSeconds(), r.cpuSeconds());
        }
        return new Point(label, load, offered, r, SimReport.summary(r, sloTtftMillis, sloItlMillis));
    }

    /** The results of a sweep. */
    public record Outcome(List<Point> points, double sloTtftMillis, double sloItlMillis) {
        /** A table for the terminal: one run's bench table, or one line per deployment and load. */
        public String table() {
            if (points.size() == 1) {
                Point p = points.getFirst();
                return p.report().table() + "\n" + SimReport.workerTable(p.result());
            }
            return Comparison.table(points);
        }

        /** Writes reports: one run's into {@code dir}, or each run's in a folder of its own plus a summary. */
        public void write(Path dir, Map<String, Object> settings) throws IOException {
            if (points.size() == 1) {
                Point p = points.getFirst();
                SimReport.write(dir, p.result(), p.report(), withDeployment(settings, p));
                return;
            }
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                SimReport.write(dir.resolve(folder(i, p)), p.result(), p.report(), withDeployment(settings, p));
            }
            Comparison.write(dir, points, settings);
        }

        static String folder(int index, Point p) {
            return String.format("run-%02d-load-%s", index + 1, p.load());
        }

        private static Map<String, Object> withDeployment(Map<String, Object> settings, Point p) {
            Map<String, Object> s = new LinkedHashMap<>(settings);
            s.put("deployment", p.deployment());
            s.put("load", p.load());
            s.put("offered_requests_per_second", SimReport.round(p.offeredPerSecond()));
            return s;
        }

        /** The simulator's own speed, for stderr (never in a report: it depends on the machine). */
        public String speed() {
            long requests =
                    points.stream().mapToLong(p -> p.result().results().size()).sum();
            long events = points.stream().mapToLong(p -> p.result().events()).sum();
            double real =
                    points.stream().mapToDouble(p -> p.result().realSeconds()).sum();
            double cpu =
                    points.stream().mapToDouble(p -> p.result().cpuSeconds()).sum();
            return String.format(
                    "sluice simulate: %d requests, %,d events; %.1f s of CPU on the simulating threads (%.1f s wall):"
                            + " %,.0f requests/s, %,.0f events/s per core",
                    requests, events, cpu, real, requests / cpu, events / cpu);
        }
    }
}
