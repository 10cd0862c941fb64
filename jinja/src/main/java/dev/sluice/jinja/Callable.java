package dev.sluice.jinja;

/** Template-defined callables, which run in the interpreter: macros and the {@code caller} of a call block. */
sealed interface Callable {
    /** A macro; it runs in a scope over the scope of whoever calls it, as in the reference renderer. */
    record Macro(Stmt.Macro definition) implements Callable {}

    /** The body of a {@code {% call %}} block; it runs in a scope over the block's own scope. */
    record Caller(Stmt.CallBlock block, Scope scope) implements Callable {}
}
