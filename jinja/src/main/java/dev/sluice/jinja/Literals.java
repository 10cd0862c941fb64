package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Number, name, list and dict literals. Commas between items are optional, as in the reference parser. */
final class Literals {
    private Literals() {}

    static Expr number(Token t) {
        String s = t.text();
        if (s.contains(".")) {
            return new Expr.Literal(Double.parseDouble(s), t.at());
        }
        try {
            return new Expr.Literal(Long.parseLong(s), t.at());
        } catch (NumberFormatException e) {
            return new Expr.Literal(Double.parseDouble(s), t.at());
        }
    }

    static Expr name(Token t) {
        return switch (t.text()) {
            case "true", "True" -> new Expr.Literal(Boolean.TRUE, t.at());
            case "false", "False" -> new Expr.Literal(Boolean.FALSE, t.at());
            case "none", "None" -> new Expr.Literal(null, t.at());
            default -> new Expr.Name(t.text(), t.at());
        };
    }

    static List<Expr> list(TokenStream in, ExpressionParser expressions) {
        List<Expr> items = new ArrayList<>();
        while (!in.accept(Kind.CLOSE_BRACKET)) {
            items.add(expressions.expression());
            in.accept(Kind.COMMA);
        }
        return List.copyOf(items);
    }

    static Expr dict(TokenStream in, ExpressionParser expressions, Token open) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!in.accept(Kind.CLOSE_BRACE)) {
            keys.add(expressions.expression());
            in.expect(Kind.COLON, "':' between a key and its value");
            values.add(expressions.expression());
            in.accept(Kind.COMMA);
        }
        return new Expr.DictLiteral(List.copyOf(keys), List.copyOf(values), open.at());
    }
}
