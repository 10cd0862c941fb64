package dev.sluice.jinja;

import java.util.List;
import java.util.Optional;

/** Parsed statements: what a template body is made of. {@code at} is the offset in the original template. */
sealed interface Stmt {
    int at();

    record Text(String text, int at) implements Stmt {}

    /** {@code {{ expr }}}. */
    record Output(Expr expr, int at) implements Stmt {}

    record If(Expr test, List<Stmt> then, List<Stmt> otherwise, int at) implements Stmt {}

    record For(Target target, Expr iterable, Optional<Expr> filter, List<Stmt> body, List<Stmt> otherwise, int at)
            implements Stmt {}

    /** {@code {% set target = value %}}, or the block form whose rendered body is the value. */
    record Set(Target target, Optional<Expr> value, List<Stmt> body, int at) implements Stmt {}

    record Macro(String name, List<Param> params, List<Stmt> body, boolean takesKwargs, boolean takesVarargs, int at)
            implements Stmt {}

    /** {@code {% call(params) macro(args) %}body{% endcall %}}: the body is the macro's {@code caller}. */
    record CallBlock(
            Expr.Call call, List<Param> params, List<Stmt> body, boolean takesKwargs, boolean takesVarargs, int at)
            implements Stmt {}

    record FilterBlock(String name, List<Expr.Arg> args, boolean called, List<Stmt> body, int at) implements Stmt {}

    record Break(int at) implements Stmt {}

    record Continue(int at) implements Stmt {}

    record Param(String name, Optional<Expr> defaultValue) {}

    /** What a {@code for} or {@code set} assigns to. */
    sealed interface Target {
        record Variable(String name) implements Target {}

        record Unpack(List<String> names) implements Target {}

        record Attribute(Expr object, String name) implements Target {}
    }
}
