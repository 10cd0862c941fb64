package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Primary expressions: numbers, strings (adjacent ones concatenated), names, parenthesised expressions and tuples,
 * lists and dicts. Commas between list and dict items are optional, as in the reference parser.
 */
final class Literals {
    private Literals() {}

    static Expr primary(TokenStream in, ExpressionParser expressions) {
        Token t = in.next();
        return switch (t.kind()) {
            case NUMBER -> number(t);
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (in.is(Kind.STRING)) {
                    s.append(in.next().text());
                }
                yield new Expr.Literal(s.toString(), t.at());
            }
            case NAME -> name(t);
            case OPEN_PAREN -> {
                List<Expr> items = expressions.sequence(false);
                in.expect(Kind.CLOSE_PAREN, "')'");
                yield items.size() == 1 ? items.getFirst() : new Expr.ListLiteral(items, t.at());
            }
            case OPEN_BRACKET -> new Expr.ListLiteral(list(in, expressions), t.at());
            case OPEN_BRACE -> dict(in, expressions, t);
            default -> throw in.error(t, "unexpected " + t.describe());
        };
    }

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
