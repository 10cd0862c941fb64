package dev.sluice.jinja;

/** The value of a missing variable, attribute or key: renders as nothing, is falsy, equals only {@code none}. */
final class Undefined {
    static final Undefined INSTANCE = new Undefined();

    private Undefined() {}

    @Override
    public String toString() {
        return "undefined";
    }
}
