package dev.sluice.jinja;

/** A name or attribute that does not exist: renders as nothing, is falsy, and is never equal to a defined value. */
final class Undefined {
    static final Undefined INSTANCE = new Undefined();

    private Undefined() {}

    @Override
    public String toString() {
        return "";
    }
}
