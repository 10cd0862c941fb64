package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.List;
import java.util.function.Consumer;

/** The block statements with a body of their own: {@code macro}, {@code call} and {@code filter}. */
final class Blocks {
    /** Parses statements up to one of the named end tags. */
    interface Body {
        List<Stmt> until(Token opener, String... ends);
    }

    private final TokenStream in;
    private final ExpressionParser expressions;
    private final Body body;
    private final Consumer<String> endTag;

    Blocks(TokenStream in, ExpressionParser expressions, Body body, Consumer<String> endTag) {
        this.in = in;
        this.expressions = expressions;
        this.body = body;
        this.endTag = endTag;
    }

    Stmt parse(Token keyword) {
        return switch (keyword.text()) {
            case "macro" -> macro(keyword);
            case "call" -> call(keyword);
            default -> filter(keyword);
        };
    }

    private Stmt macro(Token keyword) {
        String name = in.expect(Kind.NAME, "a macro name").text();
        List<Stmt.Param> params = expressions.arguments().parameters();
        in.expect(Kind.CLOSE_STATEMENT, "'%}'");
        int start = in.position();
        List<Stmt> statements = body.until(keyword, "endmacro");
        boolean kwargs = in.mentionsSince(start, "kwargs");
        boolean varargs = in.mentionsSince(start, "varargs");
        endTag.accept("endmacro");
        return new Stmt.Macro(name, params, statements, kwargs, varargs, keyword.at());
    }

    private Stmt call(Token keyword) {
        List<Stmt.Param> params =
                in.is(Kind.OPEN_PAREN) ? expressions.arguments().parameters() : List.of();
        Token callee = in.expect(Kind.NAME, "a macro name after 'call'");
        Expr.Call call = new Expr.Call(
                new Expr.Name(callee.text(), callee.at()),
                expressions.arguments().call(),
                callee.at());
        in.expect(Kind.CLOSE_STATEMENT, "'%}'");
        int start = in.position();
        List<Stmt> statements = body.until(keyword, "endcall");
        boolean kwargs = in.mentionsSince(start, "kwargs");
        boolean varargs = in.mentionsSince(start, "varargs");
        endTag.accept("endcall");
        return new Stmt.CallBlock(call, params, statements, kwargs, varargs, keyword.at());
    }

    private Stmt filter(Token keyword) {
        Token name = in.expect(Kind.NAME, "a filter name after 'filter'");
        boolean called = in.is(Kind.OPEN_PAREN);
        List<Expr.Arg> args = called ? expressions.arguments().call() : List.of();
        in.expect(Kind.CLOSE_STATEMENT, "'%}'");
        List<Stmt> statements = body.until(keyword, "endfilter");
        endTag.accept("endfilter");
        return new Stmt.FilterBlock(name.text(), args, called, statements, keyword.at());
    }
}
