#pragma once
// Boost.Spirit X3 rules for the syntax notation. Include only from grammar.cpp: X3 is heavy to
// compile and the project keeps it in one translation unit.
#include <boost/spirit/home/x3.hpp>

#include "cli/syntax/ast.hpp"

namespace vrsh::cli::syntax::grammar {

namespace x3 = boost::spirit::x3;

struct keyword_class;
struct param_class;
struct group_class;
struct element_class;
struct sequence_class;
struct alternatives_class;

// Rule names appear in error messages ("expected '}'").
x3::rule<keyword_class, Node> const keyword = "keyword";
x3::rule<param_class, Node> const param = "<param>";
x3::rule<group_class, Node> const group = "group";
x3::rule<element_class, Node> const element = "keyword, <param> or group";
x3::rule<sequence_class, Sequence> const sequence = "sequence";
x3::rule<alternatives_class, std::vector<Sequence>> const alternatives = "alternatives";

// Character sets rather than classification parsers, which assert on bytes above 127.
auto const word_char = x3::char_("a-zA-Z0-9_.:-");
// Quoted keywords allow punctuation the notation reserves, such as '|' or '*': any printable
// ASCII character except the quote itself.
auto const quoted_char = x3::char_("!-&(-~");

auto const make_keyword = [](auto& ctx) { x3::_val(ctx) = Node::keyword(x3::_attr(ctx)); };
auto const make_param = [](auto& ctx) { x3::_val(ctx) = Node::param(x3::_attr(ctx)); };
auto const make_group = [](bool optional) {
  return [optional](auto& ctx) {
    Node& n = x3::_val(ctx);
    n.kind = Node::Kind::Group;
    n.optional = optional;
    n.alternatives = std::move(x3::_attr(ctx));
  };
};
auto const mark_repeat = [](auto& ctx) { x3::_val(ctx).repeat = true; };
auto const set_bind = [](auto& ctx) { x3::_val(ctx).bind = x3::_attr(ctx); };
// Explicit appends: left to attribute propagation, a vector of vectors gets flattened.
auto const push = [](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); };

auto const keyword_def = x3::lexeme[+word_char][make_keyword] |
                         x3::lexeme[x3::lit('\'') > +quoted_char > x3::lit('\'')][make_keyword];
auto const param_def = x3::lexeme[x3::lit('<') > +word_char > x3::lit('>')][make_param];
auto const group_def = ((x3::lit('{') > alternatives > x3::lit('}'))[make_group(false)] |
                        (x3::lit('[') > alternatives > x3::lit(']'))[make_group(true)]) >>
                       -x3::lit('*')[mark_repeat] >> -(x3::lit('$') > x3::lexeme[+word_char])[set_bind];
auto const element_def = keyword | param | group;
auto const sequence_def = +element[push];
// Expectation after '|' so that "{ a | }" reports the column of '}', not of '|'.
auto const alternatives_def = sequence[push] > *(x3::lit('|') > sequence[push]);

BOOST_SPIRIT_DEFINE(keyword, param, group, element, sequence, alternatives)

auto const assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
// Expecting the end turns leftovers ("a }", "a | b" outside a group) into a located error.
auto const syntax = x3::rule<struct syntax_class, Sequence>{"syntax"} = sequence[assign] > x3::eoi;

}  // namespace vrsh::cli::syntax::grammar
