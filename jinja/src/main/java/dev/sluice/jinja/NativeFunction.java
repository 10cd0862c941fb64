package dev.sluice.jinja;

/** A function of this package (built-ins, bound methods): its results are template values already. */
@FunctionalInterface
interface NativeFunction extends JinjaFunction {}
