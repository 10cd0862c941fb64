package dev.sluice.cli;

import picocli.CommandLine.Option;

/** How much faster than the timing profile live simulated workers run ({@code serve}, {@code worker}). */
final class SpeedupOption {
    @Option(
            names = "--speedup-ratio",
            defaultValue = "1.0",
            description =
                    "Simulated workers run this many times faster than the timing profile says (default: ${DEFAULT-VALUE}).")
    double speedupRatio;
}
