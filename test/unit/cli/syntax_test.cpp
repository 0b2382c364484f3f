#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "cli/syntax/grammar.hpp"

using vrsh::cli::syntax::Node;
using vrsh::cli::syntax::parse;
using vrsh::cli::syntax::to_string;

namespace {

// The column quoted in the error message of a malformed syntax.
int error_column(const std::string& text) {
  try {
    parse(text);
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    const auto at = msg.find("column ");
    REQUIRE(at != std::string::npos);
    return std::stoi(msg.substr(at + 7));
  }
  FAIL("no error for: " << text);
  return -1;
}

}  // namespace

TEST_CASE("syntax: keywords and params") {
  auto seq = parse("display esqm flow-table <limit>");
  REQUIRE(seq.size() == 4);
  CHECK(seq[0].kind == Node::Kind::Keyword);
  CHECK(seq[0].text == "display");
  CHECK(seq[2].text == "flow-table");
  CHECK(seq[3].kind == Node::Kind::Param);
  CHECK(seq[3].text == "limit");
}

TEST_CASE("syntax: keyword characters") {
  auto seq = parse("a-b_c.d:e GE0 <p-1_x.y:z>");
  REQUIRE(seq.size() == 3);
  CHECK(seq[0].text == "a-b_c.d:e");
  CHECK(seq[1].text == "GE0");
  CHECK(seq[2].text == "p-1_x.y:z");
}

TEST_CASE("syntax: quoted keyword holds reserved punctuation") {
  auto seq = parse("display '|' include");
  REQUIRE(seq.size() == 3);
  CHECK(seq[1].kind == Node::Kind::Keyword);
  CHECK(seq[1].text == "|");
  CHECK(to_string(seq) == "display '|' include");
}

TEST_CASE("syntax: required and optional groups") {
  auto seq = parse("display esqm flow-table [ tcp | sctp | gtp ] [ verbose | json ]");
  REQUIRE(seq.size() == 5);
  const Node& g = seq[3];
  CHECK(g.kind == Node::Kind::Group);
  CHECK(g.optional);
  CHECK_FALSE(g.repeat);
  REQUIRE(g.alternatives.size() == 3);
  CHECK(g.alternatives[2][0].text == "gtp");

  auto req = parse("esqm service-stream { inbound | outbound }");
  REQUIRE(req.size() == 3);
  CHECK_FALSE(req[2].optional);
  CHECK(req[2].alternatives.size() == 2);
}

TEST_CASE("syntax: repeat marker and sequences inside alternatives") {
  auto seq = parse("commit [ label <label> | description <desc> ] *");
  REQUIRE(seq.size() == 2);
  CHECK(seq[1].repeat);
  CHECK(seq[1].optional);
  REQUIRE(seq[1].alternatives.size() == 2);
  REQUIRE(seq[1].alternatives[0].size() == 2);
  CHECK(seq[1].alternatives[0][1].kind == Node::Kind::Param);

  auto glued = parse("x {a|b}*");
  REQUIRE(glued.size() == 2);
  CHECK(glued[1].repeat);
  CHECK_FALSE(glued[1].optional);
}

TEST_CASE("syntax: a group bound to a name") {
  auto seq = parse("esqm service-stream { inbound | outbound }$dir [ cipher ]$c { a | b } *$many");
  REQUIRE(seq.size() == 5);
  CHECK(seq[2].bind == "dir");
  CHECK(seq[3].bind == "c");
  CHECK(seq[4].repeat);
  CHECK(seq[4].bind == "many");
  CHECK(to_string(seq) == "esqm service-stream { inbound | outbound }$dir [ cipher ]$c { a | b } *$many");
  CHECK(error_column("x { a }$") == 8);
}

TEST_CASE("syntax: vendor examples parse and round-trip") {
  const char* examples[] = {
      "flow { forward | backward | bidirectional } { dscp <dscp> | source <src-ip> [ <src-len> ] | "
      "destination "
      "<dst-ip> [ <dst-len> ] | protocol { { tcp | udp } { source-port <sp1> [ to <sp2> ] | destination-port "
      "<dp1> "
      "[ to <dp2> ] } * | <protocol-number> } } *",
      "ip route-static [ vpn-instance <vpn> ] <prefix> <mask> { <ifname> [ <nexthop> ] | <nexthop> } [ "
      "preference "
      "<pref> | tag <tag> ] * [ description <desc> ]",
      "display esqm flow-table [ tcp | sctp | gtp ] [ verbose | json ]",
      "commit [ label <label> | description <desc> ] *",
  };
  for (const char* text : examples) {
    CAPTURE(text);
    auto seq = parse(text);
    CHECK(to_string(seq) == text);
  }
  auto flow = parse(examples[0]);
  REQUIRE(flow.size() == 3);
  const Node& body = flow[2];
  CHECK(body.repeat);
  REQUIRE(body.alternatives.size() == 4);
  const Node& protocol = body.alternatives[3][1];
  CHECK(protocol.kind == Node::Kind::Group);
  REQUIRE(protocol.alternatives.size() == 2);
  CHECK(protocol.alternatives[0][1].repeat);  // { source-port ... | destination-port ... } *
  CHECK(protocol.alternatives[1][0].kind == Node::Kind::Param);
}

TEST_CASE("syntax: extra blanks are ignored") {
  CHECK(to_string(parse("  a   {  b|c  }   [d]  ")) == "a { b | c } [ d ]");
}

TEST_CASE("syntax: malformed input reports the column") {
  CHECK(error_column("") == 0);
  CHECK(error_column("   ") == 3);
  CHECK(error_column("a { b | c") == 9);     // missing '}'
  CHECK(error_column("a { b | c ]") == 10);  // wrong closer
  CHECK(error_column("a [ b | ]") == 8);     // empty alternative
  CHECK(error_column("a { }") == 4);
  CHECK(error_column("a b }") == 4);       // stray closer
  CHECK(error_column("a | b") == 2);       // alternatives outside a group
  CHECK(error_column("a *") == 2);         // repeat after a keyword
  CHECK(error_column("a <b") == 4);        // unterminated param
  CHECK(error_column("a <>") == 3);        // empty param name
  CHECK(error_column("a <b c>") == 5);     // blank inside a param: the stray word
  CHECK(error_column("a $x") == 2);        // character outside the notation
  CHECK(error_column("a ''") == 3);        // empty quoted keyword
  CHECK(error_column("a 'b") == 4);        // unterminated quote
  CHECK(error_column("a \xc3\xa9") == 2);  // non-ASCII byte
  CHECK(error_column("{ a | b } * *") == 12);
}
