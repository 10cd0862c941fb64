package dev.sluice.jinja;

import dev.sluice.jinja.Expr.Arg;
import dev.sluice.jinja.Expr.BinaryOp;
import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Expressions, with the reference's precedence, lowest first: {@code x if c else y}; {@code or}; {@code and};
 * {@code not}; comparisons and {@code in} (left-associative, not chained); {@code + - ~}; {@code * / // %};
 * {@code **} (left-associative); {@code is} tests; {@code |} filters; unary signs; calls, attributes, subscripts.
 */
final class ExpressionParser {
    private final TokenStream in;
    private final Arguments arguments;

    ExpressionParser(TokenStream in) {
        this.in = in;
        this.arguments = new Arguments(in, this);
    }

    Arguments arguments() {
        return arguments;
    }

    Expr expression() {
        Expr value = or();
        if (!in.isName("if")) {
            return value;
        }
        Token t = in.next();
        Expr condition = or();
        if (in.acceptName("else")) {
            return new Expr.Ternary(condition, value, expression(), t.at());
        }
        return new Expr.Select(value, condition, t.at());
    }

    /** One expression, or several separated by commas (a tuple); {@code primaryOnly} for loop targets. */
    List<Expr> sequence(boolean primaryOnly) {
        List<Expr> items = new ArrayList<>();
        items.add(primaryOnly ? primary() : expression());
        while (in.accept(Kind.COMMA)) {
            items.add(primaryOnly ? primary() : expression());
            if (!in.is(Kind.COMMA)) {
                break;
            }
        }
        return List.copyOf(items);
    }

    private Expr or() {
        return leftAssociative(this::and, t -> t.isName("or"));
    }

    private Expr and() {
        return leftAssociative(this::not, t -> t.isName("and"));
    }

    /** {@code operand (op operand)*}, grouping to the left. */
    private Expr leftAssociative(Supplier<Expr> operand, Predicate<Token> isOperator) {
        Expr left = operand.get();
        while (isOperator.test(in.peek())) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.of(t.text()), left, operand.get(), t.at());
        }
        return left;
    }

    private Expr not() {
        if (in.isName("not")) {
            Token t = in.next();
            return new Expr.Unary(Expr.UnaryOp.NOT, not(), t.at());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        while (true) {
            Token t = in.peek();
            BinaryOp op;
            if (t.isName("not") && in.peek(1).isName("in")) {
                in.next();
                op = BinaryOp.NOT_IN;
            } else if (t.isName("in")) {
                op = BinaryOp.IN;
            } else if (t.is(Kind.COMPARISON)) {
                op = BinaryOp.of(t.text());
            } else {
                return left;
            }
            in.next();
            left = new Expr.Binary(op, left, additive(), t.at());
        }
    }

    private Expr additive() {
        return leftAssociative(this::multiplicative, t -> t.is(Kind.ADDITIVE));
    }

    private Expr multiplicative() {
        return leftAssociative(this::power, t -> t.is(Kind.MULTIPLICATIVE));
    }

    private Expr power() {
        return leftAssociative(this::test, t -> t.is(Kind.POWER));
    }

    private Expr test() {
        Expr operand = filter();
        while (in.isName("is")) {
            in.next();
            boolean negated = in.acceptName("not");
            Token name = in.expect(Kind.NAME, "a test name after 'is'");
            List<Arg> args = in.is(Kind.OPEN_PAREN) ? arguments.call() : List.of();
            operand = new Expr.Test(operand, name.text(), args, negated, name.at());
        }
        return operand;
    }

    private Expr filter() {
        Expr operand = unarySign();
        while (in.accept(Kind.PIPE)) {
            Token name = in.expect(Kind.NAME, "a filter name after '|'");
            boolean called = in.is(Kind.OPEN_PAREN);
            List<Arg> args = called ? arguments.call() : List.of();
            operand = new Expr.Filter(operand, name.text(), args, called, name.at());
        }
        return operand;
    }

    private Expr unarySign() {
        Token t = in.peek();
        if ((t.is(Kind.UNARY) || t.is(Kind.ADDITIVE))
                && (t.text().equals("-") || t.text().equals("+"))) {
            in.next();
            Expr.UnaryOp op = t.text().equals("-") ? Expr.UnaryOp.MINUS : Expr.UnaryOp.PLUS;
            return new Expr.Unary(op, unarySign(), t.at());
        }
        return postfix(primary());
    }

    /** Attribute access, subscripts and calls after a primary expression. */
    Expr postfix(Expr object) {
        while (true) {
            Token t = in.peek();
            if (t.is(Kind.DOT)) {
                in.next();
                object = attribute(object, in.next());
            } else if (t.is(Kind.OPEN_BRACKET)) {
                in.next();
                object = Subscripts.parse(in, this, object, t);
            } else if (t.is(Kind.OPEN_PAREN)) {
                object = new Expr.Call(object, arguments.call(), object.at());
            } else {
                return object;
            }
        }
    }

    private Expr attribute(Expr object, Token name) {
        if (name.is(Kind.NAME)) {
            return new Expr.Member(object, name.text(), name.at());
        }
        if (name.is(Kind.NUMBER) && !name.text().contains(".")) {
            return new Expr.Index(object, Literals.number(name), name.at());
        }
        throw in.error(name, "expected an attribute name after '.' but found " + name.describe());
    }

    Expr primary() {
        return Literals.primary(in, this);
    }
}
