package dev.sluice.jinja;

import java.util.List;

/** Parsed expressions; {@code at} is the offset in the original template, for error messages. */
sealed interface Expr {
    int at();

    /** A number, string, boolean or {@code none}; also {@link Undefined} for an omitted slice bound. */
    record Literal(Object value, int at) implements Expr {}

    record Name(String name, int at) implements Expr {}

    /** {@code [a, b]} and {@code (a, b)}, which evaluate alike. */
    record ListLiteral(List<Expr> items, int at) implements Expr {}

    record DictLiteral(List<Expr> keys, List<Expr> values, int at) implements Expr {}

    /** {@code object.name}. */
    record Member(Expr object, String name, int at) implements Expr {}

    /** {@code object[index]}, and {@code object.0}. */
    record Index(Expr object, Expr index, int at) implements Expr {}

    record Slice(Expr object, Expr start, Expr stop, Expr step, int at) implements Expr {}

    record Call(Expr callee, List<Arg> args, int at) implements Expr {}

    /** {@code operand | name} or, when {@code called}, {@code operand | name(args)}. */
    record Filter(Expr operand, String name, List<Arg> args, boolean called, int at) implements Expr {}

    record Test(Expr operand, String name, List<Arg> args, boolean negated, int at) implements Expr {}

    record Unary(UnaryOp op, Expr operand, int at) implements Expr {}

    record Binary(BinaryOp op, Expr left, Expr right, int at) implements Expr {}

    record Ternary(Expr condition, Expr then, Expr otherwise, int at) implements Expr {}

    /** {@code value if condition} without {@code else}: undefined when the condition is false. */
    record Select(Expr value, Expr condition, int at) implements Expr {}

    enum UnaryOp {
        NOT,
        MINUS,
        PLUS
    }

    enum BinaryOp {
        AND("and"),
        OR("or"),
        EQ("=="),
        NE("!="),
        LT("<"),
        GT(">"),
        LE("<="),
        GE(">="),
        IN("in"),
        NOT_IN("not in"),
        ADD("+"),
        SUB("-"),
        CONCAT("~"),
        MUL("*"),
        DIV("/"),
        FLOOR_DIV("//"),
        MOD("%"),
        POW("**");

        final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        static BinaryOp of(String symbol) {
            for (BinaryOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** An argument of a call, filter or test. */
    sealed interface Arg {
        Expr value();

        record Positional(Expr value) implements Arg {}

        /** {@code *list}. */
        record Spread(Expr value) implements Arg {}

        record Keyword(String name, Expr value) implements Arg {}

        /** {@code **mapping}. */
        record KeywordSpread(Expr value) implements Arg {}
    }
}
