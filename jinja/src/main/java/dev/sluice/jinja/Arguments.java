package dev.sluice.jinja;

import dev.sluice.jinja.Expr.Arg;
import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Parenthesised argument lists of calls ({@code f(a, *b, k=c, **d)}) and parameter lists of macros. */
final class Arguments {
    private final TokenStream in;
    private final ExpressionParser expressions;

    Arguments(TokenStream in, ExpressionParser expressions) {
        this.in = in;
        this.expressions = expressions;
    }

    /** {@code (args)} of a call, filter or test; positional arguments come before keyword arguments. */
    List<Arg> call() {
        in.expect(Kind.OPEN_PAREN, "'('");
        List<Arg> args = new ArrayList<>();
        boolean keywords = false;
        boolean spread = false;
        while (!in.is(Kind.CLOSE_PAREN)) {
            Token t = in.peek();
            if (t.is(Kind.POWER)) {
                in.next();
                args.add(new Arg.KeywordSpread(expressions.expression()));
                in.accept(Kind.COMMA);
                if (!in.is(Kind.CLOSE_PAREN)) {
                    throw in.error(in.peek(), "'**' must be the last argument");
                }
                break;
            }
            Arg arg = argument(t);
            if (arg instanceof Arg.Keyword) {
                keywords = true;
            } else if (keywords) {
                throw in.error(t, "positional arguments must come before keyword arguments");
            } else if (spread && arg instanceof Arg.Positional) {
                throw in.error(t, "positional arguments must not follow '*' unpacking");
            }
            spread |= arg instanceof Arg.Spread;
            args.add(arg);
            in.accept(Kind.COMMA);
        }
        in.expect(Kind.CLOSE_PAREN, "')'");
        return List.copyOf(args);
    }

    private Arg argument(Token t) {
        if (t.is(Kind.MULTIPLICATIVE) && t.text().equals("*")) {
            in.next();
            return new Arg.Spread(expressions.expression());
        }
        Expr value = expressions.expression();
        if (!in.accept(Kind.EQUALS)) {
            return new Arg.Positional(value);
        }
        if (!(value instanceof Expr.Name name)) {
            throw in.error(t, "expected a name before '=' in the arguments");
        }
        return new Arg.Keyword(name.name(), expressions.expression());
    }

    /** {@code (a, b=default)} of a macro or call block; defaults come last and names are unique. */
    List<Stmt.Param> parameters() {
        Token open = in.peek();
        List<Stmt.Param> params = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean defaults = false;
        for (Arg arg : call()) {
            Stmt.Param p =
                    switch (arg) {
                        case Arg.Positional(Expr.Name n) -> new Stmt.Param(n.name(), Optional.empty());
                        case Arg.Keyword k -> new Stmt.Param(k.name(), Optional.of(k.value()));
                        default -> throw in.error(open, "expected parameter names in the parameter list");
                    };
            if (!names.add(p.name())) {
                throw in.error(open, "duplicate parameter '" + p.name() + "'");
            }
            if (defaults && p.defaultValue().isEmpty()) {
                throw in.error(open, "parameter '" + p.name() + "' without a default follows one with a default");
            }
            defaults |= p.defaultValue().isPresent();
            params.add(p);
        }
        return List.copyOf(params);
    }
}
