package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/** The parsed template: statements that produce output, and expressions that produce values. */
sealed interface Node {
    int line();

    record Text(String text, int line) implements Node {}

    record Output(Node expr, int line) implements Node {}

    record If(Node test, List<Node> then, List<Node> otherwise, int line) implements Node {}

    record For(List<String> targets, Node iterable, Node filter, List<Node> body, List<Node> otherwise, int line)
            implements Node {}

    record Set(Node target, Node value, List<Node> body, int line) implements Node {}

    record Macro(String name, List<String> params, List<Node> defaults, List<Node> body, int line) implements Node {}

    record CallBlock(Node call, List<Node> body, int line) implements Node {}

    record FilterBlock(Node filter, List<Node> body, int line) implements Node {}

    record Break(int line) implements Node {}

    record Continue(int line) implements Node {}

    // Expressions
    record Literal(Object value, int line) implements Node {}

    record Name(String name, int line) implements Node {}

    record ListExpr(List<Node> items, int line) implements Node {}

    record DictExpr(List<Node> keys, List<Node> values, int line) implements Node {}

    record Attr(Node target, String name, int line) implements Node {}

    record Item(Node target, Node index, int line) implements Node {}

    record Slice(Node target, Node start, Node stop, Node step, int line) implements Node {}

    record Call(Node callee, List<Node> args, Map<String, Node> kwargs, int line) implements Node {}

    record Filter(Node target, String name, List<Node> args, Map<String, Node> kwargs, int line) implements Node {}

    record Test(Node target, String name, List<Node> args, boolean negated, int line) implements Node {}

    record Unary(String op, Node operand, int line) implements Node {}

    record Binary(String op, Node left, Node right, int line) implements Node {}

    record Ternary(Node test, Node then, Node otherwise, int line) implements Node {}
}
