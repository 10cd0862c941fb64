package dev.sluice.jinja;

import dev.sluice.jinja.Stmt.Target;
import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Statements, following the reference parser: {@code if/elif/else}, {@code for ... [if ...]} with {@code else},
 * {@code set} (plain, tuple, namespace attribute, block), {@code macro}, {@code call}, {@code filter},
 * {@code break}, {@code continue}. Expressions are left to {@link ExpressionParser}.
 */
final class Parser {
    private final TokenStream in;
    private final ExpressionParser expressions;

    private Parser(TokenStream in) {
        this.in = in;
        this.expressions = new ExpressionParser(in);
    }

    static List<Stmt> parse(Source source) {
        Parser p = new Parser(new TokenStream(Lexer.tokenize(source), source));
        List<Stmt> body = new ArrayList<>();
        while (!p.in.is(Kind.END)) {
            p.any(body);
        }
        return List.copyOf(body);
    }

    private void any(List<Stmt> body) {
        Token t = in.next();
        switch (t.kind()) {
            case COMMENT -> {}
            case TEXT -> body.add(new Stmt.Text(t.text(), t.at()));
            case OPEN_EXPRESSION -> {
                body.add(new Stmt.Output(expressions.expression(), t.at()));
                in.expect(Kind.CLOSE_EXPRESSION, "'}}'");
            }
            case OPEN_STATEMENT -> body.add(statement(in.expect(Kind.NAME, "a statement name after '{%'")));
            default -> throw in.error(t, "unexpected " + t.describe());
        }
    }

    /** Statements up to a {@code {% name %}} tag with a name among {@code ends}, which is left unread. */
    private List<Stmt> until(Token opener, String... ends) {
        List<String> names = List.of(ends);
        List<Stmt> body = new ArrayList<>();
        while (!in.isStatement(names)) {
            if (in.is(Kind.END)) {
                throw in.error(
                        opener, "'" + opener.text() + "' is not closed: missing {% " + ends[ends.length - 1] + " %}");
            }
            any(body);
        }
        return List.copyOf(body);
    }

    private void endTag(String name) {
        in.expect(Kind.OPEN_STATEMENT, "{% " + name + " %}");
        in.expectName(name);
        closeTag();
    }

    private void closeTag() {
        in.expect(Kind.CLOSE_STATEMENT, "'%}'");
    }

    private Stmt statement(Token keyword) {
        return switch (keyword.text()) {
            case "if" -> {
                Stmt s = ifChain(keyword);
                endTag("endif");
                yield s;
            }
            case "for" -> forLoop(keyword);
            case "set" -> set(keyword);
            case "macro", "call", "filter" -> new Blocks(in, expressions, this::until, this::endTag).parse(keyword);
            case "break" -> {
                closeTag();
                yield new Stmt.Break(keyword.at());
            }
            case "continue" -> {
                closeTag();
                yield new Stmt.Continue(keyword.at());
            }
            default -> throw in.error(keyword, "unknown statement '" + keyword.text() + "'");
        };
    }

    private Stmt ifChain(Token keyword) {
        Expr test = expressions.expression();
        closeTag();
        List<Stmt> then = until(keyword, "elif", "else", "endif");
        List<Stmt> otherwise = List.of();
        if (in.isStatement(List.of("elif"))) {
            in.next();
            otherwise = List.of(ifChain(in.next()));
        } else if (in.isStatement(List.of("else"))) {
            in.next();
            in.next();
            closeTag();
            otherwise = until(keyword, "endif");
        }
        return new Stmt.If(test, then, otherwise, keyword.at());
    }

    private Stmt forLoop(Token keyword) {
        Target target = target(expressions.sequence(true), keyword);
        if (target instanceof Target.Attribute) {
            throw in.error(keyword, "a for loop assigns to names, not attributes");
        }
        in.expectName("in");
        Expr iterable = expressions.expression();
        Optional<Expr> filter = Optional.empty();
        if (iterable instanceof Expr.Select s) {
            iterable = s.value();
            filter = Optional.of(s.condition());
        }
        closeTag();
        List<Stmt> body = until(keyword, "endfor", "else");
        List<Stmt> otherwise = List.of();
        if (in.isStatement(List.of("else"))) {
            in.next();
            in.next();
            closeTag();
            otherwise = until(keyword, "endfor");
        }
        endTag("endfor");
        return new Stmt.For(target, iterable, filter, body, otherwise, keyword.at());
    }

    private Stmt set(Token keyword) {
        Target target = target(expressions.sequence(false), keyword);
        if (in.accept(Kind.EQUALS)) {
            List<Expr> values = expressions.sequence(false);
            Expr value = values.size() == 1 ? values.getFirst() : new Expr.ListLiteral(values, keyword.at());
            closeTag();
            return new Stmt.Set(target, Optional.of(value), List.of(), keyword.at());
        }
        closeTag();
        List<Stmt> body = until(keyword, "endset");
        endTag("endset");
        return new Stmt.Set(target, Optional.empty(), body, keyword.at());
    }

    private Target target(List<Expr> items, Token keyword) {
        if (items.size() == 1) {
            return switch (items.getFirst()) {
                case Expr.Name n -> new Target.Variable(n.name());
                case Expr.Member m -> new Target.Attribute(m.object(), m.name());
                case Expr.ListLiteral l when l.items().size() > 1 -> target(l.items(), keyword);
                default -> throw in.error(keyword, "cannot assign to this expression");
            };
        }
        List<String> names = new ArrayList<>();
        for (Expr e : items) {
            if (!(e instanceof Expr.Name n)) {
                throw in.error(keyword, "cannot unpack into this expression");
            }
            names.add(n.name());
        }
        return new Target.Unpack(List.copyOf(names));
    }
}
