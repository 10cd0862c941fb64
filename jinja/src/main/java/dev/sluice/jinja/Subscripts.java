package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** What follows {@code [}: an index ({@code x[i]}) or a slice ({@code x[a:b:c]}, any part omitted). */
final class Subscripts {
    private Subscripts() {}

    static Expr parse(TokenStream in, ExpressionParser expressions, Expr object, Token open) {
        List<Expr> parts = new ArrayList<>();
        boolean slice = false;
        while (!in.is(Kind.CLOSE_BRACKET)) {
            if (in.is(Kind.END)) {
                throw in.error(open, "'[' is not closed");
            }
            if (in.accept(Kind.COLON)) {
                parts.add(omitted(open));
                slice = true;
            } else {
                parts.add(expressions.expression());
                slice |= in.accept(Kind.COLON);
            }
        }
        in.next();
        if (parts.isEmpty()) {
            throw in.error(open, "expected an index or a slice inside '[]'");
        }
        if (!slice) {
            return new Expr.Index(object, parts.getFirst(), open.at());
        }
        if (parts.size() > 3) {
            throw in.error(open, "a slice has at most three parts");
        }
        while (parts.size() < 3) {
            parts.add(omitted(open));
        }
        return new Expr.Slice(object, parts.get(0), parts.get(1), parts.get(2), open.at());
    }

    private static Expr omitted(Token at) {
        return new Expr.Literal(Undefined.INSTANCE, at.at());
    }
}
